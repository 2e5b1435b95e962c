# Shared helpers for the tests/vm scripts (sourced, not run).

UEPF_CACHE=${UEPF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/uepf}

log() { echo "[vm] $*" >&2; }
die() { echo "[vm] error: $*" >&2; exit 1; }

# Install the named Debian packages that are not installed yet.
ensure_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" = 0 ] || die "missing packages ${missing[*]}; run as root or install them"
	log "installing ${missing[*]}"
	if [ -z "${UEPF_APT_UPDATED:-}" ]; then
		apt-get update -q >&2 || die "apt-get update failed"
		export UEPF_APT_UPDATED=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
}

# Every option the fragment sets must have survived olddefconfig:
# a dependency that silently drops one would give a kernel that boots
# but cannot run the tests.
check_config() {
	local config=$1 fragment=$2 line name
	while read -r line; do
		case "$line" in
		CONFIG_*=*) name=${line%%=*} ;;
		"# CONFIG_"*" is not set") name=${line#\# }; name=${name%% *} ;;
		*) continue ;;
		esac
		grep -qx -- "$line" "$config" ||
			die "$name: fragment wants '$line' but the kernel config has '$(grep -E "^(# )?$name[= ]" "$config" || echo unset)'"
	done <"$fragment"
}
