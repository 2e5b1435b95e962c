WARNING: CPU: [0-9]+ PID: [0-9]+ at drivers/pci/endpoint/pci-epc-core\.c:[0-9]+ __pci_epc_create\+
