#!/bin/sh
# check-translations.sh SRCDIR: fails if any language in po/LINGUAS lacks a
# translation for a string in the current sources.
#
# The template is extracted afresh from po/POTFILES.in (the keywords of
# meson's "glib" preset), each po/LANG.po is merged against it in a scratch
# folder (the source tree is left alone), and `msgfmt --check` must report no
# fuzzy and no untranslated message. A new string without a translation, or a
# changed one (which msgmerge marks fuzzy), therefore fails this test.
set -eu

srcdir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$srcdir"
xgettext --package-name=govserv --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_prefix_error:2:c-format --flag=g_propagate_prefixed_error:3:c-format \
  --flag=g_printerr:1:c-format --flag=g_print:1:c-format \
  --files-from=po/POTFILES.in --directory=. --output="$tmp/govserv.pot"

status=0
for lang in $(sed -e 's/#.*//' po/LINGUAS); do
  msgmerge --quiet --output-file="$tmp/$lang.po" "po/$lang.po" "$tmp/govserv.pot"
  stats=$(LC_ALL=C msgfmt --check --statistics --output-file=/dev/null "$tmp/$lang.po" 2>&1) || {
    echo "$lang: msgfmt --check failed:" >&2
    echo "$stats" >&2
    status=1
    continue
  }
  echo "$lang: $stats"
  case $stats in
    *fuzzy*|*untranslated*)
      echo "$lang: these messages need a translation:" >&2
      msgattrib --only-fuzzy --no-obsolete "$tmp/$lang.po" | grep '^msgid' >&2 || true
      msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep '^msgid' >&2 || true
      status=1
      ;;
  esac
done

exit $status
