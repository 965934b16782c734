/*
 * catalog.h
 *	  Release bookkeeping shared by the loaders (see catalog.c).  SPI must be
 *	  connected.
 */
#ifndef HCPCS_CATALOG_H
#define HCPCS_CATALOG_H

#include "postgres.h"

#include "nodes/pg_list.h"
#include "utils/date.h"

extern int64 hcpcs_release_find(const char *schema, const char *kind,
								const char *setting, const char *checksum,
								int64 *row_count);
extern int64 hcpcs_release_create(const char *schema, const char *kind,
								  const char *setting, const char *period,
								  DateADT as_of, List *files,
								  const char *checksum, int64 *existing,
								  int64 *row_count);
extern void hcpcs_release_set_count(const char *schema, int64 release_id,
									int64 row_count);

#endif							/* HCPCS_CATALOG_H */
