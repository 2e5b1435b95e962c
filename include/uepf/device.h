/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libuepf device access: the /dev/uepf/<name> character device of a bound
 * pci_epf_uepf endpoint function (see uepf(4) for the kernel ABI).
 *
 * A struct uepf_device is an open device with every used BAR mapped.  It
 * gives the MSI-X core (uepf/msix.h) its table and PBA memory and its raise
 * path: uepf_device_msix_new() builds a struct uepf_msix on the real BAR
 * memory whose raise callback is UEPF_IOC_RAISE.
 *
 * Every call returns 0 (or a count) on success and a negative errno on
 * failure; uepf_device_errmsg() then says what failed, naming the function
 * and the errno.  Not thread safe: serialise calls on one object.
 */
#ifndef UEPF_DEVICE_H
#define UEPF_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include <linux/uepf.h>

#include <uepf/msix.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Directory of the device nodes: /dev/uepf/<function name>. */
#define UEPF_DEVICE_DIR "/dev/uepf"

/** struct uepf_device - an open uepf function (opaque). */
struct uepf_device;

/**
 * uepf_device_open() - open a function, read INFO, map its BARs.
 * @dp:     receives the device; NULL on error.
 * @name:   the function's configfs name (opens /dev/uepf/@name), or a path
 *          containing a '/'.
 * @flags:  0, or UEPF_DEVICE_NONBLOCK for a non-blocking event fd.
 * @err:    buffer for a message naming the function and the errno (may be
 *          NULL); @errlen its size.
 *
 * Return: 0, or a negative errno: ENOENT (no such function bound),
 * EACCES (not root), EPROTO (kernel ABI version differs), or that of
 * open(2), ioctl(2) or mmap(2).
 */
int uepf_device_open(struct uepf_device **dp, const char *name, int flags,
		     char *err, size_t errlen);

/** Flag for uepf_device_open(): read events without blocking. */
#define UEPF_DEVICE_NONBLOCK	1

/** uepf_device_close() - unmap the BARs and close (NULL is fine). */
void uepf_device_close(struct uepf_device *d);

/** uepf_device_errmsg() - message of the last failed call on @d. */
const char *uepf_device_errmsg(const struct uepf_device *d);

/** uepf_device_name() - the function name. */
const char *uepf_device_name(const struct uepf_device *d);

/** uepf_device_fd() - the file descriptor, for poll(2) on events. */
int uepf_device_fd(const struct uepf_device *d);

/** uepf_device_info() - the INFO read at open (layout, features). */
const struct uepf_info *uepf_device_info(const struct uepf_device *d);

/**
 * uepf_device_bar() - the mapping of a BAR.
 * @bar:  0..5.
 * @size: receives the BAR size (may be NULL).
 *
 * Return: the address, or NULL when @bar is out of range or unused.  The
 * memory is the BAR the host sees: everything read from it is
 * host-controlled.  After the function is unbound accesses raise SIGBUS.
 */
void *uepf_device_bar(const struct uepf_device *d, unsigned int bar,
		      uint64_t *size);

/**
 * uepf_device_raise() - raise MSI-X vector @vector (0-based).
 * @flags:   0 or UEPF_RAISE_NOCHECK (skip the kernel's mask checks).
 * @refused: receives UEPF_REFUSED_* (may be NULL).
 *
 * Return: 0 sent; -EPERM refused because the vector or the function is
 * masked or MSI-X is disabled (*@refused says which); -EIO the controller
 * failed; -EINVAL vector out of range; -ENODEV unbound.
 */
int uepf_device_raise(struct uepf_device *d, unsigned int vector,
		      unsigned int flags, unsigned int *refused);

/**
 * uepf_device_raise_msi() - raise plain MSI message @msg (0-based).
 * @refused: receives UEPF_REFUSED_* (may be NULL).
 *
 * The function has MSI when its controller is MSI capable and configfs
 * msi_interrupts was 1..32 at bind (uepf_device_info()->msi_vectors).
 * MSI has no per-message mask: the message is sent or refused.
 *
 * Return: 0 sent; -EPERM the host has MSI disabled
 * (UEPF_REFUSED_MSI_DISABLED) or the controller refused; -EINVAL the
 * function has no MSI or @msg is not below the number of messages the
 * host enabled; -EIO the controller failed; -ENODEV unbound.
 */
int uepf_device_raise_msi(struct uepf_device *d, unsigned int msg,
			  unsigned int *refused);

/**
 * uepf_device_ctrl() - MSI-X Message Control state.
 * @ctrl: receives it: flags UEPF_CTRL_ENABLE, UEPF_CTRL_MASKALL (valid
 *        only with UEPF_CTRL_MASKALL_VALID), and the vector count.
 */
int uepf_device_ctrl(struct uepf_device *d, struct uepf_ctrl *ctrl);

/**
 * uepf_device_msgctl() - Message Control as a register value.
 * @msgctl: receives Table Size (N-1), PCI_MSIX_FLAGS_ENABLE and
 *          PCI_MSIX_FLAGS_MASKALL; MASKALL reads as clear where the
 *          controller cannot tell (see uepf_device_ctrl()).
 */
int uepf_device_msgctl(struct uepf_device *d, uint16_t *msgctl);

/** uepf_device_stats() - the kernel's raise and event counters. */
int uepf_device_stats(struct uepf_device *d, struct uepf_stats *stats);

/**
 * uepf_device_raise_counts() - the kernel's per-vector raise counts.
 * @first:  first vector (0-based).
 * @count:  number of vectors, at least 1; @first + @count <= the vector
 *          count.
 * @counts: receives @count values: for each vector, how many of its raises
 *          the controller accepted since bind (pci_epc_raise_irq()
 *          returned 0), modulo 2^32.  Refused and failed raises do not
 *          count.  Untouched on error.
 *
 * The kernel counts a raise in the same step as it sends it, so a count
 * that grew proves the message left even if the raiser died before it
 * could record that (uepfd(8), RESTART).
 *
 * Return: 0; -EINVAL bad range (nothing read); -ENODEV unbound; -ENOTTY
 * uepf.ko older than this library (no UEPF_IOC_RAISE_COUNTS, and
 * UEPF_FEAT_RAISE_COUNTS is clear in uepf_device_info()).
 */
int uepf_device_raise_counts(struct uepf_device *d, unsigned int first,
			     unsigned int count, uint32_t *counts);

/**
 * uepf_device_event() - wait for the next event.
 * @ev:         receives it.
 * @timeout_ms: -1 waits forever, 0 polls.
 *
 * Return: 1 an event, 0 timeout, -ENODEV after the UNBOUND event was
 * returned (end of file), or another negative errno.
 */
int uepf_device_event(struct uepf_device *d, struct uepf_event *ev,
		      int timeout_ms);

/** uepf_event_name() - "link-up", "overflow" ...; "unknown" otherwise. */
const char *uepf_event_name(uint32_t type);

/** uepf_refused_name() - "vector-masked", "disabled" ...; or "unknown". */
const char *uepf_refused_name(uint32_t refused);

/**
 * uepf_device_msix_layout() - the MSI-X layout of @d for uepf/msix.h.
 */
void uepf_device_msix_layout(const struct uepf_device *d,
			     struct uepf_msix_layout *layout);

/**
 * uepf_device_msix_raise() - uepf_msix_raise_fn on a struct uepf_device.
 * @opaque: the struct uepf_device.
 *
 * Return: 0 sent, UEPF_MSIX_REFUSED (kernel said EPERM), or -errno.
 */
int uepf_device_msix_raise(void *opaque, unsigned int vector);

/**
 * uepf_device_msix_new() - an MSI-X core on the function's real table/PBA.
 * @mp:  receives the object (free with uepf_msix_free() before closing @d).
 * @err: message buffer (may be NULL), @errlen its size.
 *
 * The core's reset state is written to the table and PBA (every vector
 * masked, PBA clear); raises go through uepf_device_msix_raise().
 *
 * Return: 0, or a negative enum uepf_msix_error.
 */
int uepf_device_msix_new(struct uepf_device *d, struct uepf_msix **mp,
			 char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* UEPF_DEVICE_H */
