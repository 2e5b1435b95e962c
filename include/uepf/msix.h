/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libuepf MSI-X core: the MSI-X state machine of a PCIe endpoint function.
 *
 * Pure C: no kernel, no I/O, no allocation after uepf_msix_new().  The core
 * works on memory the caller provides for the MSI-X table and the Pending
 * Bit Array (in production, the mmap of the BAR memory that the host writes
 * through the endpoint's inbound window), and on the Message Control value
 * (Enable, Function Mask) that the caller reads from the capability and
 * hands in.  Interrupts leave through a raise callback.
 *
 * Reference semantics: QEMU hw/pci/msix.c and the PCI Express Base
 * Specification, section "MSI-X Capability and Table Structure".
 *
 *   function masked = !Enable || Function Mask
 *   vector masked   = function masked || bit 0 of the entry's Vector Control
 *
 * A notify on a masked vector sets its pending bit; the vector (or the
 * function) going from masked to unmasked with the pending bit set raises
 * the message once and clears the bit.  A notify while MSI-X is disabled
 * also sets the pending bit (disabled counts as masked, as in the
 * reference); some hardware drops such a message instead.
 *
 * Host writes are not trapped.  The core keeps a private shadow of what it
 * last saw and acts on the differences at "observation points", exactly as
 * the reference acts on a trapped write:
 *
 *   - uepf_msix_set_control(): the Message Control transition (reference
 *     msix_write_config()), judged against the entries as last observed;
 *   - uepf_msix_sync(): uepf_msix_set_control(), then every entry's Vector
 *     Control is observed in turn as if the host's write had been trapped
 *     now (reference msix_table_mmio_write()), then raises that failed
 *     earlier are retried;
 *   - uepf_msix_notify(v) and uepf_msix_set_pending(v) observe entry v
 *     first;
 *   - uepf_msix_set_notifiers() / uepf_msix_unset_notifiers() observe every
 *     entry first.
 *
 * Cost: without mask notifiers, set_control() and sync() look only at the
 * pending vectors: O(pending), independent of the number of vectors (the
 * transitions of a vector that is not pending have no visible effect).  With
 * notifiers registered they walk every vector: O(nvectors).  notify() is
 * O(1).
 *
 * Everything read from table memory is untrusted; it is read with volatile
 * 32-bit little-endian loads.  The PBA is read-only to the host: the pending
 * state lives in a private bitmap and the core writes it to PBA memory
 * whenever a bit changes, so host writes into PBA memory never change the
 * pending state (uepf_msix_pba_republish() rewrites all of it).
 *
 * Vector Control bits 31:1 are never interpreted and never changed (newer
 * specifications put TPH steering-tag bits there); only bit 0 is the mask.
 *
 * Not thread safe: the caller serialises every call on one object.  From
 * inside a callback (raise, unmask, mask) every call that changes state
 * fails with UEPF_MSIX_E_BUSY; from inside the poll hook only
 * uepf_msix_set_pending() and the queries are allowed.
 */
#ifndef UEPF_MSIX_H
#define UEPF_MSIX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Most vectors an MSI-X capability can have (Table Size is 11 bits, N-1). */
#define UEPF_MSIX_MAX_VECTORS	2048u
/** Number of BARs of a type 0 function. */
#define UEPF_MSIX_NUM_BARS	6u
/** Smallest BAR uepf_msix_exclusive_bar_layout() makes. */
#define UEPF_MSIX_EXCLUSIVE_BAR_MIN	4096u

/** Size in bytes of the table of @n vectors (16 bytes per entry). */
#define UEPF_MSIX_TABLE_SIZE(n)	((uint64_t)(n) * 16u)
/** Size in bytes of the PBA of @n vectors: one bit each, in QWORDs. */
#define UEPF_MSIX_PBA_SIZE(n)	((((uint64_t)(n) + 63u) / 64u) * 8u)

/**
 * struct uepf_msix_layout - where the table and the PBA live.
 * @nvectors:     number of vectors, 1..2048.
 * @table_bar:    BAR index (BIR) of the table, 0..5.
 * @table_offset: offset of the table in that BAR, 8-byte aligned.
 * @pba_bar:      BAR index (BIR) of the PBA, 0..5.
 * @pba_offset:   offset of the PBA in that BAR, 8-byte aligned.
 * @bar_size:     size in bytes of each BAR (0 = not implemented).
 */
struct uepf_msix_layout {
	uint32_t nvectors;
	uint32_t table_bar;
	uint32_t table_offset;
	uint32_t pba_bar;
	uint32_t pba_offset;
	uint64_t bar_size[UEPF_MSIX_NUM_BARS];
};

/**
 * enum uepf_msix_error - the negative values libuepf MSI-X calls return.
 * Each refusal has its own value; uepf_msix_strerror() names it.
 */
enum uepf_msix_error {
	UEPF_MSIX_E_INVAL = -1,		/* NULL pointer or bad argument */
	UEPF_MSIX_E_NVECTORS = -2,	/* vector count not in 1..2048 */
	UEPF_MSIX_E_TABLE_BAR = -3,	/* table BIR not in 0..5 */
	UEPF_MSIX_E_PBA_BAR = -4,	/* PBA BIR not in 0..5 */
	UEPF_MSIX_E_TABLE_ALIGN = -5,	/* table offset low 3 bits set */
	UEPF_MSIX_E_PBA_ALIGN = -6,	/* PBA offset low 3 bits set */
	UEPF_MSIX_E_TABLE_FIT = -7,	/* table does not fit in its BAR */
	UEPF_MSIX_E_PBA_FIT = -8,	/* PBA does not fit in its BAR */
	UEPF_MSIX_E_OVERLAP = -9,	/* table and PBA overlap in one BAR */
	UEPF_MSIX_E_MEM_ALIGN = -10,	/* table/PBA memory not 4-byte aligned */
	UEPF_MSIX_E_MEM_OVERLAP = -11,	/* table and PBA memory overlap */
	UEPF_MSIX_E_NOMEM = -12,	/* allocation failed (uepf_msix_new) */
	UEPF_MSIX_E_VECTOR = -13,	/* vector number >= nvectors */
	UEPF_MSIX_E_UNUSED = -14,	/* unuse of a vector not in use */
	UEPF_MSIX_E_USE_OVERFLOW = -15,	/* use count would overflow */
	UEPF_MSIX_E_BUSY = -16,		/* called from inside a callback */
	UEPF_MSIX_E_RAISE = -17,	/* raise callback failed: kept pending */
	UEPF_MSIX_E_NOTIFIER = -18,	/* unmask notifier failed at registration */
	UEPF_MSIX_E_NO_NOTIFIERS = -19,	/* unset without notifiers set */
	UEPF_MSIX_E_BUFSIZE = -20,	/* save buffer too small */
	UEPF_MSIX_E_BLOB_SIZE = -21,	/* state blob has the wrong size */
	UEPF_MSIX_E_BLOB_MAGIC = -22,	/* state blob is not a uepf MSI-X blob */
	UEPF_MSIX_E_BLOB_VERSION = -23,	/* state blob version unknown */
	UEPF_MSIX_E_BLOB_NVECTORS = -24, /* blob vector count != ours */
	UEPF_MSIX_E_BLOB_CHECKSUM = -25, /* state blob checksum mismatch */
	UEPF_MSIX_E_BLOB_FIELD = -26,	/* reserved/control/padding bits set */
};

/** Lowest (most negative) error value; for tests and tables. */
#define UEPF_MSIX_E_LAST UEPF_MSIX_E_BLOB_FIELD

/**
 * uepf_msix_strerror() - name of an error value.
 * @err: a value from enum uepf_msix_error (or 0).
 *
 * Return: a static string; "unknown error" for anything else.
 */
const char *uepf_msix_strerror(int err);

/**
 * uepf_msix_layout_check() - validate an MSI-X layout as msix_init() does.
 * @layout: the layout.
 * @err:    buffer for a message naming the value and the limit (may be NULL).
 * @errlen: size of @err.
 *
 * Rules: 1..2048 vectors; BARs 0..5; table and PBA offsets 8-byte aligned
 * (the low 3 bits of the capability's offset registers hold the BIR); the
 * table (16 bytes per vector) and the PBA (ALIGN(n, 64) / 8 bytes) inside
 * their BARs; no overlap when both are in the same BAR.  Checked in that
 * order; the first failure is reported.
 *
 * Return: 0, or UEPF_MSIX_E_NVECTORS, _TABLE_BAR, _PBA_BAR, _TABLE_ALIGN,
 * _PBA_ALIGN, _TABLE_FIT, _PBA_FIT, _OVERLAP, or _INVAL for a NULL layout.
 */
int uepf_msix_layout_check(const struct uepf_msix_layout *layout,
			   char *err, size_t errlen);

/**
 * uepf_msix_exclusive_bar_layout() - a BAR that holds only table and PBA.
 * @nvectors: 1..2048.
 * @bar:      BAR index 0..5.
 * @layout:   filled in: table at offset 0, PBA at half of the BAR, the BAR
 *            size a power of two of at least 4 KiB, doubled until the table
 *            fits below the PBA; other BAR sizes 0.
 * @err, @errlen: as for uepf_msix_layout_check().
 *
 * Like QEMU msix_init_exclusive_bar(), but the BAR grows instead of failing.
 *
 * Return: 0, UEPF_MSIX_E_NVECTORS, UEPF_MSIX_E_TABLE_BAR, UEPF_MSIX_E_INVAL;
 * @layout is untouched on error.
 */
int uepf_msix_exclusive_bar_layout(uint32_t nvectors, uint32_t bar,
				   struct uepf_msix_layout *layout,
				   char *err, size_t errlen);

/** Raise callback result: the controller refused (vector masked by the host). */
#define UEPF_MSIX_REFUSED 1

/**
 * typedef uepf_msix_raise_fn - send the message of a vector.
 * @opaque: the pointer given to uepf_msix_new().
 * @vector: 0-based vector number.
 *
 * Return: 0 when the message was sent; UEPF_MSIX_REFUSED when the endpoint
 * controller refused because the vector is masked (e.g. DesignWare returns
 * -EPERM: map it to UEPF_MSIX_REFUSED); any negative value for another
 * failure.  In both failure cases the vector goes back to pending and is
 * retried by the next uepf_msix_sync() or delivered by the next unmask:
 * never lost, never sent twice.
 */
typedef int (*uepf_msix_raise_fn)(void *opaque, unsigned int vector);

/** struct uepf_msix - opaque MSI-X state of one function. */
struct uepf_msix;

/**
 * uepf_msix_new() - create the MSI-X state of a function.
 * @mp:        receives the new object.
 * @layout:    validated with uepf_msix_layout_check().
 * @table_mem: the table (UEPF_MSIX_TABLE_SIZE bytes), 4-byte aligned.
 * @pba_mem:   the PBA (UEPF_MSIX_PBA_SIZE bytes), 4-byte aligned, not
 *             overlapping @table_mem.
 * @raise:     the raise callback (required).
 * @opaque:    passed to @raise.
 * @err, @errlen: message buffer as for uepf_msix_layout_check().
 *
 * Puts the function in its reset state (see uepf_msix_reset()): writes the
 * table (every entry zero with the mask bit set) and the PBA (all clear),
 * as the reference msix_init() does.  No vector is in use.  To build the
 * core on a table the host has already programmed, without writing it, use
 * uepf_msix_new_flags() with UEPF_MSIX_ADOPT.
 *
 * Return: 0, or a negative enum uepf_msix_error; *@mp is set to NULL and
 * nothing is allocated or written on error.
 */
int uepf_msix_new(struct uepf_msix **mp, const struct uepf_msix_layout *layout,
		  void *table_mem, void *pba_mem,
		  uepf_msix_raise_fn raise, void *opaque,
		  char *err, size_t errlen);

/**
 * UEPF_MSIX_ADOPT - flag of uepf_msix_new_flags(): build the core on live
 * table memory without writing the table.
 *
 * For a daemon that starts (or restarts) after the host driver has
 * programmed the table (e.g. uepf.ko initialised the table when the
 * function was bound, long before): resetting the table there would
 * destroy the host's entries.  With this flag
 *   - table memory is only read, never written: every byte (address, data,
 *     Vector Control bits 31:1) stays as the host left it;
 *   - the private shadow of each entry's mask bit is taken from bit 0 of its
 *     live Vector Control word (untrusted: no other bit is interpreted), so
 *     the first observation finds no mask or unmask transition the host did
 *     not make;
 *   - the private pending bitmap starts empty and the whole PBA memory is
 *     rewritten from it (all clear): pending state never comes from
 *     host-writable memory.  To carry pending vectors across a restart,
 *     read them before and hand them to uepf_msix_load() with
 *     UEPF_MSIX_LOAD_KEEP_TABLE (or uepf_msix_set_pending());
 *   - Message Control starts as 0 (function masked), as without the flag:
 *     the caller applies the live value with uepf_msix_set_control() or
 *     uepf_msix_sync(); nothing is pending, so that raises nothing, and a
 *     vector the host left unmasked is raised by its next notify.
 * Its value differs from UEPF_MSIX_LOAD_KEEP_TABLE so that passing one
 * function's flag to the other is refused.
 */
#define UEPF_MSIX_ADOPT 2u

/**
 * uepf_msix_new_flags() - uepf_msix_new() with flags.
 * @mp, @layout, @table_mem, @pba_mem, @raise, @opaque: as uepf_msix_new().
 * @flags:  0 (exactly uepf_msix_new()) or UEPF_MSIX_ADOPT.
 * @err, @errlen: message buffer as for uepf_msix_layout_check().
 *
 * Return: 0, or a negative enum uepf_msix_error: UEPF_MSIX_E_INVAL also for
 * unknown @flags bits (the message names them); *@mp is set to NULL and
 * nothing is allocated or written on error.
 */
int uepf_msix_new_flags(struct uepf_msix **mp,
			const struct uepf_msix_layout *layout,
			void *table_mem, void *pba_mem,
			uepf_msix_raise_fn raise, void *opaque,
			unsigned int flags, char *err, size_t errlen);

/** uepf_msix_free() - free an object (NULL is fine); memory is left as is. */
void uepf_msix_free(struct uepf_msix *m);

/** uepf_msix_nvectors() - number of vectors; 0 for NULL. */
unsigned int uepf_msix_nvectors(const struct uepf_msix *m);

/**
 * enum uepf_msix_notify_result - what uepf_msix_notify() did.
 * @UEPF_MSIX_RAISED:  the raise callback sent the message.
 * @UEPF_MSIX_LATCHED: the vector was masked (or the raise was refused): its
 *                     pending bit is set.
 * @UEPF_MSIX_IGNORED: the vector is not in use: nothing happened, as in the
 *                     reference msix_notify().
 */
enum uepf_msix_notify_result {
	UEPF_MSIX_RAISED = 0,
	UEPF_MSIX_LATCHED = 1,
	UEPF_MSIX_IGNORED = 2,
};

/**
 * uepf_msix_notify() - signal an event on a vector (reference msix_notify()).
 * @m: the object.
 * @vector: 0-based vector.
 *
 * Observes entry @vector first (see the file comment).  Not in use →
 * ignored; masked (function masked, disabled, or entry mask bit) → pending
 * bit set; otherwise raised.  O(1), no allocation.
 *
 * Return: a value of enum uepf_msix_notify_result; UEPF_MSIX_E_VECTOR when
 * @vector >= nvectors; UEPF_MSIX_E_RAISE when the raise callback failed
 * with a negative value (the vector is then pending); UEPF_MSIX_E_INVAL,
 * UEPF_MSIX_E_BUSY.
 */
int uepf_msix_notify(struct uepf_msix *m, unsigned int vector);

/**
 * uepf_msix_set_control() - apply a Message Control value.
 * @m: the object.
 * @msgctl: the register value; only Enable and Function Mask are used (Table
 *          Size is read-only and ignored).
 *
 * Acts as the reference msix_write_config(): when the function becomes
 * disabled nothing else happens; when enabled and "function masked" changes,
 * every vector whose masked state changes gets its notifier, and a vector
 * that becomes unmasked with its pending bit set is raised once and the bit
 * cleared.  Entries are judged as last observed (use uepf_msix_sync() to
 * look at the table too).  O(pending) without notifiers.
 *
 * Return: number of messages raised (>= 0), or UEPF_MSIX_E_RAISE if a raise
 * failed (the others are still done), UEPF_MSIX_E_INVAL, UEPF_MSIX_E_BUSY.
 */
int uepf_msix_set_control(struct uepf_msix *m, uint16_t msgctl);

/**
 * uepf_msix_sync() - catch up with host writes that were not trapped.
 * @m: the object.
 * @msgctl: the current Message Control value.
 *
 * uepf_msix_set_control(@msgctl); then each entry's Vector Control mask bit
 * is compared with the shadow and each change handled as a trapped table
 * write (reference msix_table_mmio_write() → msix_handle_mask_update());
 * then vectors whose raise failed before this call and that are still
 * pending and now unmasked are raised again; last, the PBA words holding
 * pending bits are rewritten (undoing host writes there).  Without notifiers only
 * pending vectors are looked at: O(pending); with notifiers O(nvectors).
 *
 * Return: as uepf_msix_set_control().
 */
int uepf_msix_sync(struct uepf_msix *m, uint16_t msgctl);

/** uepf_msix_control() - Enable and Function Mask bits last applied. */
uint16_t uepf_msix_control(const struct uepf_msix *m);

/** uepf_msix_enabled() - 1 if MSI-X Enable was last applied set, else 0. */
int uepf_msix_enabled(const struct uepf_msix *m);

/** uepf_msix_function_masked() - !enabled || Function Mask (1/0). */
int uepf_msix_function_masked(const struct uepf_msix *m);

/**
 * uepf_msix_is_masked() - function masked || entry mask bit (live table).
 * Return: 1 masked, 0 unmasked, UEPF_MSIX_E_VECTOR, UEPF_MSIX_E_INVAL.
 */
int uepf_msix_is_masked(const struct uepf_msix *m, unsigned int vector);

/**
 * uepf_msix_is_pending() - the authoritative pending bit of a vector.
 * Return: 1, 0, UEPF_MSIX_E_VECTOR, UEPF_MSIX_E_INVAL.
 */
int uepf_msix_is_pending(const struct uepf_msix *m, unsigned int vector);

/** uepf_msix_pending_count() - number of pending vectors. */
unsigned int uepf_msix_pending_count(const struct uepf_msix *m);

/**
 * uepf_msix_set_pending() - set a pending bit (reference msix_set_pending()).
 * For a poll hook that finds events the backend latched while masked.
 * Observes entry @vector first.  Allowed from inside the poll hook.
 * Return: 0, UEPF_MSIX_E_VECTOR, UEPF_MSIX_E_INVAL, UEPF_MSIX_E_BUSY.
 */
int uepf_msix_set_pending(struct uepf_msix *m, unsigned int vector);

/**
 * uepf_msix_get_message() - address and data of an entry (live table,
 * host-written, untrusted).
 * Return: 0, UEPF_MSIX_E_VECTOR, UEPF_MSIX_E_INVAL.
 */
int uepf_msix_get_message(const struct uepf_msix *m, unsigned int vector,
			  uint64_t *addr, uint32_t *data);

/**
 * uepf_msix_reset() - function level reset, hot reset or link down.
 * Every entry zeroed with its mask bit set, every pending bit cleared
 * (private bitmap and PBA memory), Enable and Function Mask cleared.  Use
 * counts are kept (they belong to the device model, as in the reference
 * msix_reset()).  Vectors that were unmasked get their mask notifier.
 * Return: 0, UEPF_MSIX_E_INVAL, UEPF_MSIX_E_BUSY.
 */
int uepf_msix_reset(struct uepf_msix *m);

/**
 * uepf_msix_vector_use() - mark a vector used (reference msix_vector_use()).
 * Uses are counted.  Only vectors in use are ever raised or latched.
 * Return: 0, UEPF_MSIX_E_VECTOR, UEPF_MSIX_E_USE_OVERFLOW,
 * UEPF_MSIX_E_INVAL, UEPF_MSIX_E_BUSY.
 */
int uepf_msix_vector_use(struct uepf_msix *m, unsigned int vector);

/**
 * uepf_msix_vector_unuse() - drop one use (reference msix_vector_unuse()).
 * The last unuse clears the pending bit.
 * Return: 0, UEPF_MSIX_E_VECTOR, UEPF_MSIX_E_UNUSED (count already 0,
 * nothing changed), UEPF_MSIX_E_INVAL, UEPF_MSIX_E_BUSY.
 */
int uepf_msix_vector_unuse(struct uepf_msix *m, unsigned int vector);

/**
 * uepf_msix_unuse_all() - every use count to 0 and every pending bit
 * cleared (reference msix_unuse_all_vectors()).
 * Return: 0, UEPF_MSIX_E_INVAL, UEPF_MSIX_E_BUSY.
 */
int uepf_msix_unuse_all(struct uepf_msix *m);

/** uepf_msix_use_count() - use count of a vector, or a negative error. */
long uepf_msix_use_count(const struct uepf_msix *m, unsigned int vector);

/**
 * struct uepf_msix_notifiers - vector notifiers (reference
 * msix_set_vector_notifiers()).
 * @unmask: a vector became unmasked; @addr/@data from the (untrusted)
 *          table.  Return 0 or a negative value (counted in the stats;
 *          at registration a failure undoes the registration).
 * @mask:   a vector became masked.
 * @poll:   optional: asked to set pending bits of vectors in
 *          [@first, @end) whose events the backend latched (it may call
 *          uepf_msix_set_pending()).  Called at registration for every
 *          vector and by uepf_msix_poll().
 * @opaque: passed to every callback.
 *
 * As in the reference, when MSI-X is disabled no mask notifier fires: the
 * function going from enabled to disabled is not a per-vector transition,
 * so re-enabling fires unmask for vectors already reported unmasked.
 */
struct uepf_msix_notifiers {
	int (*unmask)(void *opaque, unsigned int vector,
		      uint64_t addr, uint32_t data);
	void (*mask)(void *opaque, unsigned int vector);
	void (*poll)(void *opaque, unsigned int first, unsigned int end);
	void *opaque;
};

/**
 * uepf_msix_set_notifiers() - register vector notifiers.
 * Observes every entry, then (if enabled and not function masked) calls
 * @unmask for each unmasked vector; if one fails, @mask is called for those
 * done and the registration is dropped.  Then @poll(0, nvectors).
 * O(nvectors); afterwards sync() costs O(nvectors) too.
 * Return: 0, UEPF_MSIX_E_NOTIFIER, UEPF_MSIX_E_INVAL (NULL, or @unmask or
 * @mask missing), UEPF_MSIX_E_BUSY.
 */
int uepf_msix_set_notifiers(struct uepf_msix *m,
			    const struct uepf_msix_notifiers *n);

/**
 * uepf_msix_unset_notifiers() - unregister; observes every entry, then
 * calls @mask for each unmasked vector (if enabled and not function masked).
 * Return: 0, UEPF_MSIX_E_NO_NOTIFIERS, UEPF_MSIX_E_INVAL, UEPF_MSIX_E_BUSY.
 */
int uepf_msix_unset_notifiers(struct uepf_msix *m);

/**
 * uepf_msix_poll() - call the poll hook for [@first, @end) (the reference
 * calls it when the host reads the PBA; here the caller decides when), then
 * rewrite those PBA words.
 * Return: 0, UEPF_MSIX_E_VECTOR (@first > @end or @end > nvectors),
 * UEPF_MSIX_E_INVAL, UEPF_MSIX_E_BUSY.
 */
int uepf_msix_poll(struct uepf_msix *m, unsigned int first, unsigned int end);

/**
 * uepf_msix_pba_republish() - rewrite the whole PBA memory from the private
 * pending bitmap (undoing any host write into it).  O(nvectors / 32).
 */
void uepf_msix_pba_republish(struct uepf_msix *m);

/** struct uepf_msix_stats - counters since uepf_msix_new(). */
struct uepf_msix_stats {
	uint64_t raised;		/* messages sent */
	uint64_t latched;		/* notifies that set a pending bit */
	uint64_t ignored;		/* notifies on vectors not in use */
	uint64_t refused;		/* raises refused (back to pending) */
	uint64_t raise_errors;		/* raises failed otherwise */
	uint64_t notifier_errors;	/* unmask notifier failures */
	int last_raise_error;		/* last negative raise result */
};

/** uepf_msix_get_stats() - copy the counters. */
void uepf_msix_get_stats(const struct uepf_msix *m, struct uepf_msix_stats *s);

/*
 * State blob (uepf_msix_save/load), all little-endian, fixed layout:
 *   0  u8[8] magic "UEPFMSIX"
 *   8  u32   version (1)
 *  12  u32   nvectors
 *  16  u16   Message Control (Enable, Function Mask only)
 *  18  u16   reserved, 0
 *  20  u32   reserved, 0
 *  24  table: nvectors * 16 bytes (as in table memory)
 *   .. PBA:   UEPF_MSIX_PBA_SIZE(nvectors) bytes (padding bits 0)
 *   .. u32   CRC-32 (IEEE) of everything before it
 * Use counts are not saved: they belong to the device model, as in the
 * reference msix_save().
 */
#define UEPF_MSIX_STATE_VERSION 1u
#define UEPF_MSIX_STATE_SIZE(n) \
	(24u + UEPF_MSIX_TABLE_SIZE(n) + UEPF_MSIX_PBA_SIZE(n) + 4u)

/** uepf_msix_state_size() - size of this object's blob; 0 for NULL. */
size_t uepf_msix_state_size(const struct uepf_msix *m);

/**
 * uepf_msix_save() - write the whole state (table from table memory,
 * private pending bitmap, control) into @buf.
 * Return: bytes written, UEPF_MSIX_E_BUFSIZE (nothing written),
 * UEPF_MSIX_E_INVAL.
 */
long uepf_msix_save(const struct uepf_msix *m, void *buf, size_t len);

/**
 * UEPF_MSIX_LOAD_KEEP_TABLE - load flag: keep the live table memory (the BAR
 * memory survived, e.g. a daemon restart) instead of writing the blob's
 * table into it.  The blob's table bytes are then only checksummed, never
 * used.  The entries' mask shadow is taken from the live table exactly as
 * UEPF_MSIX_ADOPT does (bit 0 of Vector Control only); pending bits come
 * from the blob, never from PBA memory.  A restart that must not write the
 * table pairs the two: uepf_msix_new_flags(UEPF_MSIX_ADOPT), then
 * uepf_msix_load(UEPF_MSIX_LOAD_KEEP_TABLE) (after plain uepf_msix_new()
 * the table has already been reset, and there is nothing left to keep).
 */
#define UEPF_MSIX_LOAD_KEEP_TABLE 1u

/**
 * uepf_msix_load() - restore a saved state (reference msix_load()).
 * @m: the object; @buf/@len: the blob; @flags: 0 or UEPF_MSIX_LOAD_KEEP_TABLE.
 * @err, @errlen: message buffer.
 *
 * Validates everything first (flags, size, magic, version, vector count,
 * checksum, reserved and padding bits) and changes nothing on error.  Then:
 * pending bits from the blob (PBA memory rewritten from them), the blob's
 * table written to table memory (unless KEEP_TABLE: then table memory is
 * not written at all), the control applied, and every vector re-evaluated
 * as having been masked before the load, as msix_load() does: each now unmasked
 * vector gets its unmask notifier and, if pending, is raised and its bit
 * cleared (a pending vector not in use is then dropped, as msix_notify()
 * ignores it).  O(nvectors).
 *
 * Return: number of messages raised (>= 0) or a negative error.
 */
int uepf_msix_load(struct uepf_msix *m, const void *buf, size_t len,
		   unsigned int flags, char *err, size_t errlen);

/**
 * uepf_msix_ctl_apply_write() - apply a config-space write to Message Control.
 * @msgctl: current Message Control value.
 * @offset: offset of the write from the start of the MSI-X capability.
 * @size:   1, 2 or 4 bytes.
 * @val:    the value written (little-endian register semantics, as in
 *          pci_write_config_*).
 *
 * Message Control is the word at capability + 2; Enable and Function Mask
 * are in its high byte (capability + 3), so a byte write there changes
 * them.  Only those two bits are writable; Table Size and bytes outside the
 * register are left alone.  Accesses that do not touch capability + 2..3
 * return @msgctl unchanged.
 *
 * Return: the new Message Control value.
 */
uint16_t uepf_msix_ctl_apply_write(uint16_t msgctl, unsigned int offset,
				   unsigned int size, uint32_t val);

#ifdef __cplusplus
}
#endif

#endif /* UEPF_MSIX_H */
