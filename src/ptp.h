/*
 * ptp.h
 *	  NCCI PTP edits: settings, and the cache shared by the checks and the
 *	  loader (see ptp.c, ptp_load.c).
 */
#ifndef HCPCS_PTP_H
#define HCPCS_PTP_H

#include "cache.h"

#define HCPCS_NSETTINGS 5

/* In the order of the SQL enum hcpcs_ptp_setting */
extern const char *const hcpcs_ptp_settings[HCPCS_NSETTINGS];

/* The setting's number; ERROR (22023) for an unknown name */
extern int	hcpcs_ptp_setting_parse(const char *name);

extern HcpcsCacheSlot *hcpcs_ptp_cache_slot(void);

/* The loader: store a release's index image; mark its own insert */
extern void hcpcs_ptp_store_image(const char *schema, Oid nsp,
								  int64 release_id, int64 row_count);
extern void hcpcs_ptp_set_loading(bool loading);

#endif							/* HCPCS_PTP_H */
