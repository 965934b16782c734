/*
 * lines.c
 *	  Where the CMS file loaders get their lines: a file on the server, or a
 *	  staging table a client filled with COPY ... FROM STDIN.
 *
 * Both sources deliver the same thing: each physical line, without its line
 * end, in the file's own encoding (latin-1 for the HCPCS file, cp1252 for
 * NCCI files), so the core parsers see the bytes they were written for and
 * fixed-width positions stay byte positions.  Lines staged by a client were
 * converted to the database encoding by COPY; they are converted back here.
 *
 * Both also compute the same checksum: SHA-256 over every line followed by
 * one LF, so that a file loaded from the server and the same file loaded
 * from a client are recognized as the same release.
 */
#include "postgres.h"

#include <sys/stat.h>

#include "catalog/pg_authid.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "storage/fd.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "lines.h"
#include "core/cms_common.h"

#define READ_BLOCK		65536
#define STAGE_BATCH		1000

void
hcpcs_check_server_file_access(const char *function_name)
{
	if (!superuser() && !has_privs_of_role(GetUserId(), ROLE_PG_READ_SERVER_FILES))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to read a server file with %s",
						function_name),
				 errdetail("Only superusers and roles with privileges of the \"pg_read_server_files\" role may read files on the server, as for COPY FROM a file."),
				 errhint("Load the file from the client instead (see scripts/hcpcs-load), which needs no server file access.")));
}

/*
 * The same check for the loaders written in PL/pgSQL (hcpcs_load_cpt_list),
 * so that a role without the right gets one message whichever loader it
 * called, not COPY's.
 */
PG_FUNCTION_INFO_V1(hcpcs_require_server_file_access);
Datum
hcpcs_require_server_file_access(PG_FUNCTION_ARGS)
{
	hcpcs_check_server_file_access(text_to_cstring(PG_GETARG_TEXT_PP(0)));
	PG_RETURN_VOID();
}

static void
lines_init(HcpcsLines *src, const char *name, int file_encoding)
{
	memset(src, 0, sizeof(HcpcsLines));
	src->name = pstrdup(name);
	src->file_encoding = file_encoding;
	initStringInfo(&src->line);
	src->sha = pg_cryptohash_create(PG_SHA256);
	if (src->sha == NULL || pg_cryptohash_init(src->sha) < 0)
		elog(ERROR, "could not initialize SHA-256");
}

void
hcpcs_lines_open_file(HcpcsLines *src, const char *path, int file_encoding)
{
	struct stat st;

	lines_init(src, path, file_encoding);
	if (stat(path, &st) != 0)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open file \"%s\": %m", path)));
	if (S_ISDIR(st.st_mode))
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("\"%s\" is a directory, not a file", path)));
	src->fp = AllocateFile(path, PG_BINARY_R);
	if (src->fp == NULL)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open file \"%s\" for reading: %m", path)));
	src->total_bytes = st.st_size;
	src->buf = palloc(READ_BLOCK);
}

/*
 * A staging table: any table with columns lineno (ordering) and line
 * (text), such as the temporary table scripts/hcpcs-load creates, and for
 * several files a column part (part > 0 selects one).  Read through a
 * cursor in batches, so the whole file is never in memory.
 */
void
hcpcs_lines_open_staged(HcpcsLines *src, Oid staging, int part,
						const char *name, int file_encoding)
{
	char	   *table;
	char	   *sql;

	lines_init(src, name, file_encoding);
	table = quote_qualified_identifier(get_namespace_name(get_rel_namespace(staging)),
									   get_rel_name(staging));
	sql = part > 0
		? psprintf("SELECT line FROM %s WHERE part = %d ORDER BY lineno", table, part)
		: psprintf("SELECT line FROM %s ORDER BY lineno", table);
	src->portal = SPI_cursor_open_with_args(NULL, sql, 0, NULL, NULL, NULL,
											true, 0);
	src->batch_cxt = AllocSetContextCreate(CurrentMemoryContext,
										   "hcpcs staged lines",
										   ALLOCSET_DEFAULT_SIZES);
}

/* Next block of a file into src->buf; false at end of file */
static bool
fill_block(HcpcsLines *src)
{
	src->buflen = fread(src->buf, 1, READ_BLOCK, src->fp);
	src->bufpos = 0;
	if (src->buflen == 0 && ferror(src->fp))
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not read file \"%s\": %m", src->name)));
	return src->buflen > 0;
}

/* Next staged batch, as the database holds it, into src->staged */
static bool
fill_batch(HcpcsLines *src)
{
	MemoryContext old;
	uint64		i;

	MemoryContextReset(src->batch_cxt);
	SPI_cursor_fetch(src->portal, true, STAGE_BATCH);
	if (SPI_processed == 0)
		return false;
	old = MemoryContextSwitchTo(src->batch_cxt);
	src->staged = palloc(sizeof(char *) * SPI_processed);
	src->staged_len = palloc(sizeof(size_t) * SPI_processed);
	for (i = 0; i < SPI_processed; i++)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc,
									  1, &isnull);
		text	   *t;

		if (isnull)
		{
			src->staged[i] = "";
			src->staged_len[i] = 0;
			continue;
		}
		t = DatumGetTextPP(d);
		src->staged_len[i] = VARSIZE_ANY_EXHDR(t);
		src->staged[i] = pnstrdup(VARDATA_ANY(t), src->staged_len[i]);
	}
	src->nstaged = SPI_processed;
	src->stagedpos = 0;
	SPI_freetuptable(SPI_tuptable);
	MemoryContextSwitchTo(old);
	return true;
}

/* Error context while a staged line is converted: which line */
static void
staged_line_context(void *arg)
{
	HcpcsLines *src = (HcpcsLines *) arg;

	errcontext("line %ld of \"%s\"", src->lineno, src->name);
}

/*
 * A staged line in the file encoding, one line at a time so that a
 * character the file encoding cannot hold is reported at its line.
 */
static void
convert_staged(HcpcsLines *src, const char *s, size_t len)
{
	ErrorContextCallback errcb;
	MemoryContext old = MemoryContextSwitchTo(src->batch_cxt);
	char	   *conv;

	errcb.callback = staged_line_context;
	errcb.arg = src;
	errcb.previous = error_context_stack;
	error_context_stack = &errcb;
	conv = pg_server_to_any(s, (int) len, src->file_encoding);
	error_context_stack = errcb.previous;
	MemoryContextSwitchTo(old);
	resetStringInfo(&src->line);
	appendBinaryStringInfo(&src->line, conv, strlen(conv));
}

bool
hcpcs_lines_next(HcpcsLines *src, const char **line, size_t *len)
{
	if (src->portal)
	{
		if (src->stagedpos >= src->nstaged && !fill_batch(src))
			return false;
		src->lineno++;
		convert_staged(src, src->staged[src->stagedpos],
					   src->staged_len[src->stagedpos]);
		src->stagedpos++;
		src->bytes += src->line.len + 1;
	}
	else
	{
		bool		any = false;
		bool		ended = false;

		resetStringInfo(&src->line);
		for (;;)
		{
			char	   *nl;
			size_t		n;

			if (src->bufpos >= src->buflen && !fill_block(src))
				break;
			any = true;
			nl = memchr(src->buf + src->bufpos, '\n', src->buflen - src->bufpos);
			n = (nl ? nl - (src->buf + src->bufpos) : src->buflen - src->bufpos);
			appendBinaryStringInfo(&src->line, src->buf + src->bufpos, n);
			src->bufpos += n + (nl ? 1 : 0);
			src->bytes += n + (nl ? 1 : 0);
			if (nl)
			{
				ended = true;
				break;
			}
		}
		if (!any)
			return false;
		/* a CRLF file: the CR is not part of the line */
		if (src->line.len > 0 && src->line.data[src->line.len - 1] == '\r')
			src->line.data[--src->line.len] = '\0';
		/* (a last line of blanks or DOS end-of-file bytes cuts nothing) */
		src->unterminated = !ended &&
			!hcpcs_blank_line((const unsigned char *) src->line.data, src->line.len);
		src->lineno++;
	}
	if (pg_cryptohash_update(src->sha, (uint8 *) src->line.data, src->line.len) < 0 ||
		pg_cryptohash_update(src->sha, (const uint8 *) "\n", 1) < 0)
		elog(ERROR, "could not compute SHA-256");
	*line = src->line.data;
	*len = src->line.len;
	CHECK_FOR_INTERRUPTS();
	return true;
}

/* Hex SHA-256 of every line read so far; call once, at the end */
char *
hcpcs_lines_checksum(HcpcsLines *src)
{
	uint8		digest[PG_SHA256_DIGEST_LENGTH];
	char	   *hex = palloc(PG_SHA256_DIGEST_LENGTH * 2 + 1);
	int			i;

	if (pg_cryptohash_final(src->sha, digest, sizeof(digest)) < 0)
		elog(ERROR, "could not compute SHA-256");
	for (i = 0; i < PG_SHA256_DIGEST_LENGTH; i++)
		sprintf(hex + 2 * i, "%02x", digest[i]);
	return hex;
}

/*
 * ERROR if the file's last line has no line end.  Every CMS text file ends
 * its last line with CR LF, so a last line without one is what is left of a
 * download or copy that stopped early; its record may still parse (a PTP
 * rationale cut in the middle, a fixed-width record cut in its blanks), so
 * the parsers alone would load a part of the file as if it were whole.
 * Only a server file can tell: COPY drops the line ends of staged lines
 * (scripts/hcpcs-load checks the file itself).
 */
void
hcpcs_lines_check_complete(HcpcsLines *src, const char *what)
{
	if (src->unterminated)
		hcpcs_report_file_error(what, src->name, src->lineno, "file", "",
								"the last line has no line end: the file was cut short (an interrupted download or copy?)",
								src->file_encoding);
}

void
hcpcs_lines_close(HcpcsLines *src)
{
	if (src->fp)
		FreeFile(src->fp);
	src->fp = NULL;
	if (src->portal)
		SPI_cursor_close(src->portal);
	src->portal = NULL;
	if (src->sha)
		pg_cryptohash_free(src->sha);
	src->sha = NULL;
}

/* A string of the file (in its encoding) as text in the database encoding */
char *
hcpcs_lines_to_server(HcpcsLines *src, const char *s)
{
	return pg_any_to_server(s, strlen(s), src->file_encoding);
}

/*
 * A malformed record of a CMS file: the one wording every loader uses.
 * value is in the file's encoding; reason is the core parser's phrase,
 * made a sentence here.
 */
void
hcpcs_report_file_error(const char *what, const char *name, long line,
						const char *field, const char *value,
						const char *reason, int file_encoding)
{
	char	   *sentence = pstrdup(reason);

	sentence[0] = pg_toupper((unsigned char) sentence[0]);
	ereport(ERROR,
			(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
			 errmsg("invalid %s file \"%s\": line %ld, field %s, value \"%s\"",
					what, name, line, field,
					pg_any_to_server(value, strlen(value), file_encoding)),
			 errdetail("%s.", sentence)));
}
