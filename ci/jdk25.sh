# shellcheck shell=bash
# Finds a JDK 25 at run time, for the scripts that need one (source this file; it sets no option).
#   jdk25_home            prints the home folder of a JDK 25 and returns 0, or returns 1 with nothing printed:
#                         $JAVA25_HOME when it is set (and then only it), else the first /usr/lib/jvm/* whose
#                         bin/java says version 25
#   require_jdk25_home    the same, but a missing JDK 25 ends the script with a message on standard error

jdk25_home() {
	local home output candidates=(/usr/lib/jvm/*)
	local pattern='version "25[."-]'
	if [[ -n ${JAVA25_HOME:-} ]]; then
		candidates=("$JAVA25_HOME")
	fi
	for home in "${candidates[@]}"; do
		[[ -x $home/bin/java ]] || continue
		output=$("$home/bin/java" -version 2>&1) || continue
		if [[ ${output%%$'\n'*} =~ $pattern ]]; then
			echo "$home"
			return 0
		fi
	done
	return 1
}

require_jdk25_home() {
	if ! jdk25_home; then
		if [[ -n ${JAVA25_HOME:-} ]]; then
			echo "${0##*/}: JAVA25_HOME=$JAVA25_HOME is not a JDK 25" >&2
		else
			echo "${0##*/}: no JDK 25 under /usr/lib/jvm; set JAVA25_HOME to one" >&2
		fi
		exit 1
	fi
}
