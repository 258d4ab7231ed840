/*
 * fuzz_exim.c - the harness of fuzz_postfix.c (the whole pipeline: parser,
 * sessions, rules, NDJSON and text writers, with the same checks) with
 * the Exim parser in front.
 *
 * fuzz-max-len: 8192 (the -max_len of make fuzz and fuzz-long)
 */
#define FUZZ_PARSER	parser_exim
#include "fuzz_postfix.c"
