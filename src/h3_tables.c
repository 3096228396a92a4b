/* h3_tables.c - compiles the generated H3 tables (src/h3_tables.h,
 * src/h3_face_lut.h) once. */
#define JW_H3_TABLES_IMPL
#include "h3_tables.h"
#include "h3_face_lut.h"
