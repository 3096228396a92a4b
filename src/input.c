/*
 * input.c - byte sources with transparent gzip and zstd decompression.
 *
 * Compressed input is inflated through a fixed 64 KiB staging buffer, so
 * memory use does not depend on the input. Concatenated gzip members and
 * zstd frames are both followed to the end of the file.
 */
#include "jamwatch/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

enum { JW_INPUT_BUF = 1 << 16 };

struct jw_input {
    int fd;              /* descriptor read from */
    bool own;            /* close fd at jw_input_close */
    bool eof;            /* the descriptor reported end of file */
    jw_compression comp; /* detected compression */
    char *name;          /* path or caller's name, owned */
    uint8_t *raw;        /* staging buffer for compressed bytes (JW_INPUT_BUF) */
    size_t raw_pos;      /* next unread byte in raw */
    size_t raw_len;      /* bytes held in raw */
    z_stream gz;         /* zlib state when comp == JW_COMP_GZIP */
    bool gz_live;        /* gz has been initialised */
    ZSTD_DCtx *zs;       /* zstd state when comp == JW_COMP_ZSTD */
    bool zs_pending;     /* the zstd frame in progress is not complete */
};

/* Refills in->raw from the descriptor; sets eof at end of file. */
static jw_err input_fill(jw_input *in)
{
    if (in->raw_pos < in->raw_len || in->eof)
        return JW_OK;
    for (;;) {
        ssize_t n = read(in->fd, in->raw, JW_INPUT_BUF);
        if (n > 0) {
            in->raw_pos = 0;
            in->raw_len = (size_t)n;
            return JW_OK;
        }
        if (n == 0) {
            in->eof = true;
            return JW_OK;
        }
        if (errno == EINTR)
            continue;
        return (errno == EAGAIN || errno == EWOULDBLOCK) ? JW_EAGAIN : JW_EIO;
    }
}

static jw_err input_new(int fd, bool own, const char *name, jw_input **out)
{
    jw_input *in = calloc(1, sizeof *in);
    if (!in)
        return JW_ENOMEM;
    in->fd = fd;
    in->own = own;
    in->name = strdup(name ? name : "?");
    in->raw = malloc(JW_INPUT_BUF);
    if (!in->name || !in->raw) {
        free(in->name);
        free(in->raw);
        free(in);
        return JW_ENOMEM;
    }
    *out = in;
    return JW_OK;
}

/* Looks at the first bytes (kept in raw) and prepares the decompressor. */
static jw_err input_detect(jw_input *in)
{
    /* Gather at least 4 bytes, or all there is. */
    while (in->raw_len < 4 && !in->eof) {
        ssize_t n = read(in->fd, in->raw + in->raw_len, JW_INPUT_BUF - in->raw_len);
        if (n > 0)
            in->raw_len += (size_t)n;
        else if (n == 0)
            in->eof = true;
        else if (errno != EINTR)
            return JW_EIO;
    }
    const uint8_t *p = in->raw;
    if (in->raw_len >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
        in->comp = JW_COMP_GZIP;
        if (inflateInit2(&in->gz, 15 + 32) != Z_OK)
            return JW_ENOMEM;
        in->gz_live = true;
    } else if (in->raw_len >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd) {
        in->comp = JW_COMP_ZSTD;
        in->zs = ZSTD_createDCtx();
        if (!in->zs)
            return JW_ENOMEM;
    }
    return JW_OK;
}

jw_err jw_input_open(const char *path, jw_input **out)
{
    if (!path || !out)
        return JW_EINVAL;
    bool std_in = strcmp(path, "-") == 0;
    int fd = std_in ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return JW_EIO;
    jw_input *in;
    jw_err err = input_new(fd, !std_in, path, &in);
    if (err != JW_OK) {
        if (!std_in)
            close(fd);
        return err;
    }
    err = input_detect(in);
    if (err != JW_OK) {
        jw_input_close(in);
        return err;
    }
    *out = in;
    return JW_OK;
}

jw_err jw_input_from_fd(int fd, bool own, const char *name, jw_input **out)
{
    if (fd < 0 || !out)
        return JW_EINVAL;
    return input_new(fd, own, name, out);
}

static jw_err read_plain(jw_input *in, uint8_t *buf, size_t cap, size_t *got)
{
    if (in->raw_pos < in->raw_len) { /* bytes kept from detection */
        size_t n = in->raw_len - in->raw_pos;
        if (n > cap)
            n = cap;
        memcpy(buf, in->raw + in->raw_pos, n);
        in->raw_pos += n;
        *got = n;
        return JW_OK;
    }
    if (in->eof)
        return JW_OK;
    for (;;) {
        ssize_t n = read(in->fd, buf, cap);
        if (n >= 0) {
            in->eof = n == 0;
            *got = (size_t)n;
            return JW_OK;
        }
        if (errno == EINTR)
            continue;
        return (errno == EAGAIN || errno == EWOULDBLOCK) ? JW_EAGAIN : JW_EIO;
    }
}

static jw_err read_gzip(jw_input *in, uint8_t *buf, size_t cap, size_t *got)
{
    z_stream *z = &in->gz;
    z->next_out = buf;
    z->avail_out = (uInt)(cap > UINT32_MAX ? UINT32_MAX : cap);
    while (z->avail_out == cap) {
        jw_err err = input_fill(in);
        if (err != JW_OK)
            return err;
        if (in->raw_pos == in->raw_len) { /* end of file: a member cut short? */
            if (z->avail_out == cap && z->total_in != 0)
                return JW_ETRUNC;
            break;
        }
        z->next_in = in->raw + in->raw_pos;
        z->avail_in = (uInt)(in->raw_len - in->raw_pos);
        int rc = inflate(z, Z_NO_FLUSH);
        in->raw_pos = in->raw_len - z->avail_in;
        if (rc == Z_STREAM_END) {
            if (inflateReset(z) != Z_OK) /* another member may follow */
                return JW_EFORMAT;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            return JW_EFORMAT;
        }
    }
    *got = cap - z->avail_out;
    return JW_OK;
}

static jw_err read_zstd(jw_input *in, uint8_t *buf, size_t cap, size_t *got)
{
    ZSTD_outBuffer ob = {buf, cap, 0};
    while (ob.pos == 0) {
        jw_err err = input_fill(in);
        if (err != JW_OK)
            return err;
        if (in->raw_pos == in->raw_len) { /* end of file: a frame cut short? */
            if (ob.pos == 0 && in->zs_pending)
                return JW_ETRUNC;
            break;
        }
        ZSTD_inBuffer ib = {in->raw, in->raw_len, in->raw_pos};
        size_t rc = ZSTD_decompressStream(in->zs, &ob, &ib);
        in->raw_pos = ib.pos;
        if (ZSTD_isError(rc))
            return JW_EFORMAT;
        in->zs_pending = rc != 0;
    }
    *got = ob.pos;
    return JW_OK;
}

jw_err jw_input_read(jw_input *in, uint8_t *buf, size_t cap, size_t *got)
{
    if (!in || !buf || !got || cap == 0)
        return JW_EINVAL;
    *got = 0;
    switch (in->comp) {
    case JW_COMP_GZIP:
        return read_gzip(in, buf, cap, got);
    case JW_COMP_ZSTD:
        return read_zstd(in, buf, cap, got);
    default:
        return read_plain(in, buf, cap, got);
    }
}

jw_compression jw_input_compression(const jw_input *in)
{
    return in->comp;
}

const char *jw_input_name(const jw_input *in)
{
    return in->name;
}

void jw_input_close(jw_input *in)
{
    if (!in)
        return;
    if (in->gz_live)
        inflateEnd(&in->gz);
    ZSTD_freeDCtx(in->zs);
    if (in->own)
        close(in->fd);
    free(in->name);
    free(in->raw);
    free(in);
}
