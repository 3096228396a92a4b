/* error.c - text for every jw_err code, generated from JW_ERROR_TABLE. */
#include "jamwatch/error.h"

static const char *const jw_error_text[JW_ERR_COUNT] = {
#define JW_ERR_TEXT_(name, text) [name] = text,
    JW_ERROR_TABLE(JW_ERR_TEXT_)
#undef JW_ERR_TEXT_
};

const char *jw_strerror(jw_err err)
{
    if ((unsigned)err >= JW_ERR_COUNT)
        return "unknown error code";
    return jw_error_text[err];
}
