/*
 * lines.h
 *	  Line sources for the CMS file loaders (see lines.c).
 */
#ifndef HCPCS_LINES_H
#define HCPCS_LINES_H

#include "postgres.h"

#include "common/cryptohash.h"
#include "lib/stringinfo.h"
#include "utils/portal.h"

typedef struct HcpcsLines
{
	char	   *name;			/* file path, or the name the client gave */
	int			file_encoding;	/* encoding of the file's bytes */
	long		lineno;			/* lines delivered so far */
	uint64		bytes;			/* bytes consumed so far */
	uint64		total_bytes;	/* file size, 0 if unknown (staged) */
	StringInfoData line;		/* the current line */
	bool		unterminated;	/* a server file's last line had no line end */
	pg_cryptohash_ctx *sha;

	/* a server file */
	FILE	   *fp;
	char	   *buf;
	size_t		buflen;
	size_t		bufpos;

	/* a staging table */
	Portal		portal;
	MemoryContext batch_cxt;
	char	  **staged;
	size_t	   *staged_len;
	uint64		nstaged;
	uint64		stagedpos;
} HcpcsLines;

/* ERROR unless the user may read server files (superuser, pg_read_server_files) */
extern void hcpcs_check_server_file_access(const char *function_name);

extern void hcpcs_lines_open_file(HcpcsLines *src, const char *path,
								  int file_encoding);
/* SPI must be connected */
extern void hcpcs_lines_open_staged(HcpcsLines *src, Oid staging, int part,
									const char *name, int file_encoding);
extern bool hcpcs_lines_next(HcpcsLines *src, const char **line, size_t *len);
extern char *hcpcs_lines_checksum(HcpcsLines *src);
extern void hcpcs_lines_check_complete(HcpcsLines *src, const char *what);
extern void hcpcs_lines_close(HcpcsLines *src);
extern char *hcpcs_lines_to_server(HcpcsLines *src, const char *s);
extern void hcpcs_report_file_error(const char *what, const char *name,
									long line, const char *field,
									const char *value, const char *reason,
									int file_encoding) pg_attribute_noreturn();

#endif							/* HCPCS_LINES_H */
