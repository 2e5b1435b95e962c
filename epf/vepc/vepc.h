/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vepc - virtual PCI endpoint controller with a loopback host bridge.
 *
 * Extension API offered to endpoint function drivers on top of the
 * generic EPC API.  uepf.ko takes these symbols with symbol_get(), so it
 * does not depend on vepc being loaded: on any other controller the
 * information is simply "unknown".
 */
#ifndef _VEPC_H
#define _VEPC_H

#include <linux/types.h>

struct pci_epc;

/**
 * enum vepc_event - what happened on the simulated link or config space
 * @VEPC_EVENT_LINK_DOWN: the link went down (injected or controller stop);
 *	the host removed the device and the config space was reset.
 * @VEPC_EVENT_LINK_UP: the link came up (controller start or injected).
 * @VEPC_EVENT_HOST_RESET: the host reset the function (injected hot
 *	reset): Command, MSI and MSI-X enable and function mask are clear.
 * @VEPC_EVENT_BME: the host changed the Command register's Bus Master
 *	Enable bit; the event's @arg is 1 when set, 0 when cleared.
 */
enum vepc_event {
	VEPC_EVENT_LINK_DOWN,
	VEPC_EVENT_LINK_UP,
	VEPC_EVENT_HOST_RESET,
	VEPC_EVENT_BME,
};

/**
 * typedef vepc_event_fn - event callback
 * @data: the pointer given to vepc_event_register()
 * @event: what happened
 * @arg: VEPC_EVENT_BME: 1 = set, 0 = cleared; 0 for the other events
 *
 * Called in process context from vepc's ordered workqueue, never from the
 * config-space access path itself: the callback may sleep and may call
 * EPC operations.  Calls are serialised and arrive in the order the
 * events happened.  The callback must not call vepc_event_unregister().
 */
typedef void (*vepc_event_fn)(void *data, enum vepc_event event, u32 arg);

/**
 * vepc_msix_function_masked() - read the MSI-X Function Mask bit
 * @epc: the controller
 * @func_no: the physical function number
 *
 * The generic EPC API only tells whether MSI-X is enabled (get_msix
 * returns 0 when it is not); this returns the host-written Function Mask
 * bit of Message Control.
 *
 * Return: 1 when the function is masked, 0 when not, -ENODEV if @epc is
 * not a vepc, -EINVAL if @func_no does not exist.
 */
int vepc_msix_function_masked(struct pci_epc *epc, u8 func_no);

/**
 * vepc_msix_set_pba() - place the MSI-X PBA apart from the table
 * @epc: the controller
 * @func_no: the physical function number
 * @bar: the BAR holding the PBA (0..5), or a negative number to ask only
 *	whether this controller can place the PBA (nothing is changed or
 *	logged)
 * @offset: the PBA's offset in @bar, 8-byte aligned
 *
 * pci_epc_set_msix() places only the table; like DesignWare and Cadence,
 * vepc then puts the PBA right after the table in the same BAR.  Called
 * after pci_epc_set_msix() (which resets the placement to that default),
 * this sets the PBA BIR and offset the host reads in the MSI-X
 * capability's PBA Offset/BIR register.  @bar must be set (set_bar) and
 * large enough for the PBA of the configured vector count
 * (ALIGN(nvec, 64) / 8 bytes), and the PBA must not overlap the table.
 * clear_bar() of the BAR holding a relocated PBA puts it back after the
 * table.  The endpoint function owns the PBA's bytes: vepc never reads or
 * writes them.
 *
 * Return: 0; -ENODEV if @epc is not a vepc; -EOPNOTSUPP if this vepc was
 * loaded with pba_placement=0 (it then models DesignWare); -EINVAL, with
 * a log line naming the value and the limit, if @func_no does not exist,
 * MSI-X is not configured, @bar is out of range or not set, @offset is
 * unaligned, or the PBA does not fit or overlaps the table.
 */
int vepc_msix_set_pba(struct pci_epc *epc, u8 func_no, int bar, u32 offset);

/**
 * vepc_event_register() - receive link, reset and bus-master events
 * @epc: the controller
 * @fn: the callback
 * @data: passed back to @fn
 *
 * Return: 0, -ENODEV if @epc is not a vepc, -EBUSY if a callback is
 * registered already, -EINVAL if @fn is NULL.
 */
int vepc_event_register(struct pci_epc *epc, vepc_event_fn fn, void *data);

/**
 * vepc_event_unregister() - stop receiving events
 * @epc: the controller
 *
 * When this returns the callback is not running and will not be called
 * again.  Does nothing if @epc is not a vepc.
 */
void vepc_event_unregister(struct pci_epc *epc);

#endif /* _VEPC_H */
