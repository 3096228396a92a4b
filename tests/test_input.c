/* test_input.c - files read back byte-exact whether plain, gzip or zstd,
 * through small and large reads; truncation and missing files reported. */
#include "jamwatch/input.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

static uint8_t *make_payload(size_t n)
{
    uint8_t *p = malloc(n);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (uint8_t)((i % 7) ? (x >> 16) : 0x1A); /* some structure, some noise */
    }
    return p;
}

static char *write_temp(const uint8_t *data, size_t n)
{
    char *path = strdup("/tmp/jw_input_XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, data, n), (ssize_t)n);
    close(fd);
    return path;
}

static uint8_t *read_all(const char *path, size_t cap_per_read, size_t *n_out, jw_err *err_out)
{
    jw_input *in;
    *err_out = jw_input_open(path, &in);
    if (*err_out != JW_OK)
        return NULL;
    size_t cap = 1 << 20, n = 0, got;
    uint8_t *buf = malloc(cap);
    while ((*err_out = jw_input_read(in, buf + n, cap_per_read, &got)) == JW_OK && got) {
        n += got;
        if (cap - n < cap_per_read) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    jw_input_close(in);
    *n_out = n;
    return buf;
}

static void check_roundtrip(const uint8_t *file, size_t file_n, const uint8_t *want, size_t want_n,
                            jw_compression comp)
{
    char *path = write_temp(file, file_n);
    jw_input *in;
    cr_assert_eq(jw_input_open(path, &in), JW_OK);
    cr_expect_eq(jw_input_compression(in), comp);
    jw_input_close(in);
    static const size_t caps[] = {1, 7, 4096, 1 << 18};
    for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++) {
        if (caps[c] == 1 && want_n > 100000)
            continue;
        size_t n;
        jw_err err;
        uint8_t *got = read_all(path, caps[c], &n, &err);
        cr_expect_eq(err, JW_OK, "cap %zu: %s", caps[c], jw_strerror(err));
        cr_expect_eq(n, want_n, "cap %zu", caps[c]);
        cr_expect(n == want_n && memcmp(got, want, n) == 0, "cap %zu: bytes differ", caps[c]);
        free(got);
    }
    unlink(path);
    free(path);
}

static uint8_t *gzip_bytes(const uint8_t *p, size_t n, size_t *out_n)
{
    z_stream z = {0};
    cr_assert_eq(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&z, n) + 64;
    uint8_t *out = malloc(cap);
    z.next_in = (Bytef *)(uintptr_t)p;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    *out_n = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

Test(input, plain_gzip_zstd_roundtrip)
{
    size_t n = 300000;
    uint8_t *p = make_payload(n);
    check_roundtrip(p, n, p, n, JW_COMP_NONE);

    size_t gz_n;
    uint8_t *gz = gzip_bytes(p, n, &gz_n);
    check_roundtrip(gz, gz_n, p, n, JW_COMP_GZIP);

    size_t zcap = ZSTD_compressBound(n);
    uint8_t *zs = malloc(zcap);
    size_t zs_n = ZSTD_compress(zs, zcap, p, n, 3);
    cr_assert(!ZSTD_isError(zs_n));
    check_roundtrip(zs, zs_n, p, n, JW_COMP_ZSTD);
    free(p);
    free(gz);
    free(zs);
}

Test(input, concatenated_gzip_members)
{
    uint8_t *p = make_payload(5000);
    size_t a_n, b_n;
    uint8_t *a = gzip_bytes(p, 2000, &a_n), *b = gzip_bytes(p + 2000, 3000, &b_n);
    uint8_t *both = malloc(a_n + b_n);
    memcpy(both, a, a_n);
    memcpy(both + a_n, b, b_n);
    check_roundtrip(both, a_n + b_n, p, 5000, JW_COMP_GZIP);
    free(p);
    free(a);
    free(b);
    free(both);
}

Test(input, truncated_compressed_input_is_an_error)
{
    uint8_t *p = make_payload(100000);
    size_t gz_n;
    uint8_t *gz = gzip_bytes(p, 100000, &gz_n);
    char *path = write_temp(gz, gz_n / 2);
    size_t n;
    jw_err err;
    free(read_all(path, 4096, &n, &err));
    cr_expect_eq(err, JW_ETRUNC, "got %s", jw_strerror(err));
    unlink(path);
    free(path);

    size_t zcap = ZSTD_compressBound(100000);
    uint8_t *zs = malloc(zcap);
    size_t zs_n = ZSTD_compress(zs, zcap, p, 100000, 3);
    path = write_temp(zs, zs_n / 2);
    free(read_all(path, 4096, &n, &err));
    cr_expect_eq(err, JW_ETRUNC, "got %s", jw_strerror(err));
    unlink(path);
    free(path);
    free(p);
    free(gz);
    free(zs);
}

Test(input, tiny_and_empty_files)
{
    static const uint8_t one[] = {'*'};
    check_roundtrip(one, 1, one, 1, JW_COMP_NONE);
    check_roundtrip(one, 0, one, 0, JW_COMP_NONE);
    static const uint8_t gzhead[] = {0x1f, 0x8b}; /* a gzip magic and nothing else */
    char *path = write_temp(gzhead, 2);
    size_t n;
    jw_err err;
    free(read_all(path, 64, &n, &err));
    cr_expect(err == JW_ETRUNC || err == JW_EFORMAT, "got %s", jw_strerror(err));
    unlink(path);
    free(path);
}

Test(input, missing_file_and_bad_arguments)
{
    jw_input *in;
    cr_expect_eq(jw_input_open("/nonexistent/jamwatch/file", &in), JW_EIO);
    cr_expect_eq(jw_input_open(NULL, &in), JW_EINVAL);
    cr_expect_eq(jw_input_from_fd(-1, false, "x", &in), JW_EINVAL);
}

Test(input, descriptor_is_plain)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    cr_assert_eq(write(fds[1], "\x1f\x8bxyz", 5), 5);
    close(fds[1]);
    jw_input *in;
    cr_assert_eq(jw_input_from_fd(fds[0], true, "pipe", &in), JW_OK);
    uint8_t buf[16];
    size_t got;
    cr_expect_eq(jw_input_read(in, buf, sizeof buf, &got), JW_OK);
    cr_expect_eq(got, 5u);
    cr_expect_str_eq(jw_input_name(in), "pipe");
    cr_expect_eq(jw_input_compression(in), JW_COMP_NONE);
    jw_input_close(in);
}
