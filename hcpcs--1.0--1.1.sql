/* hcpcs--1.0--1.1.sql: from 1.0 (tag v1.0) to 1.1.
 *
 * hcpcs--1.0.sql is frozen: a database that installed 1.0 has exactly what it
 * says, and ALTER EXTENSION hcpcs UPDATE must bring it to what a fresh
 * CREATE EXTENSION (1.0 script, then this one) gives.  Every SQL change after
 * 1.0 goes here, in a section that says why.  No CREATE OR REPLACE of a
 * function whose signature or volatility changes meaning for stored data;
 * qualify every name (pg_catalog., @extschema@.) as in the install script.
 */

\echo Use "ALTER EXTENSION hcpcs UPDATE TO '1.1'" to load this file. \quit
