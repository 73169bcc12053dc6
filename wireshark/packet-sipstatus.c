/* SPDX-License-Identifier: MIT */
/* packet-sipstatus.c - a Wireshark 4.0 post-dissector that runs
 * sipstatus_parse on the Status-Line of every SIP response, and on
 * payloads Wireshark did not take for SIP whose first line starts like one.
 *
 * Which bytes: each sip.Status-Line the SIP dissector found (its field's
 * data source and start, so a reassembled TCP message is read from the
 * reassembled bytes), then each SIP message (the `sip` item: the second
 * message of a TCP segment is one), udp.payload, tcp.payload and
 * data.data that no Status-Line was found in and that starts like a Status-Line
 * (see starts_like_status_line), unless TCP holds it for a reassembly
 * that ends in a later frame (tcp.segment_data without
 * tcp.reassembled.length).  Each is parsed as `sipstatus check`
 * parses a message: from its first byte, with SIPSTATUS_SKIP_CRLF and the
 * flags of the preferences.  Offsets in the fields count from the 'S' of
 * the line, as check's error_offset does; the error_offset item itself
 * sits on the bad byte, so the bytes pane shows it.
 *
 * Work per frame: one parse per line (it stops at the line's LF), and one
 * of the first line of each payload to see how it starts; the fields
 * Wireshark hands over are the only input.  Nothing is kept between
 * frames; the per-frame list of payloads seen is in pinfo->pool. */
#include <string.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/range.h>
#include <ws_version.h>

#include "sipstatus.h"

/* The plugin's entry points (Wireshark 4.0: plugins.h). */
WS_DLL_PUBLIC_DEF const gchar plugin_version[] = SIPSTATUS_VERSION_STRING;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;
WS_DLL_PUBLIC void plugin_register(void);

static int proto_sipstatus = -1;
static int hf_result = -1;
static int hf_error_offset = -1;
static int hf_error = -1;
static int hf_code = -1;
static int hf_effective_code = -1;
static int hf_reason = -1;
static int hf_note = -1;
static int hf_registered_phrase = -1;
static int hf_hidden = -1;
static gint ett_sipstatus = -1;
static expert_field ei_invalid = EI_INIT;
static expert_field ei_note = EI_INIT;
static expert_field ei_cut = EI_INIT;

/* The fields whose bytes are read, looked up by name at handoff. */
static int hf_sip_status_line = -1;
static int hf_sip = -1;
static int hf_udp_payload = -1;
static int hf_tcp_payload = -1;
static int hf_data = -1;
static int hf_tcp_segment_data = -1;
static int hf_tcp_reassembled_length = -1;

/* Preferences: one per parse flag (the names of the CLI's options), and
 * where payloads that Wireshark did not take for SIP are looked at. */
static gboolean pref_lenient_lf = FALSE;
static gboolean pref_lenient_space = FALSE;
static gboolean pref_lenient_reason = FALSE;
static gboolean pref_strict_utf8 = FALSE;
static gboolean pref_registered_only = FALSE;
static gboolean pref_any_code = FALSE;
static gboolean pref_all_ports = TRUE;
static range_t *pref_ports = NULL;

static unsigned parse_flags(void)
{
    return SIPSTATUS_SKIP_CRLF | (pref_lenient_lf ? SIPSTATUS_LENIENT_LF : 0u) |
           (pref_lenient_space ? SIPSTATUS_LENIENT_SPACE : 0u) |
           (pref_lenient_reason ? SIPSTATUS_LENIENT_REASON : 0u) |
           (pref_strict_utf8 ? SIPSTATUS_STRICT_UTF8 : 0u) |
           (pref_registered_only ? SIPSTATUS_REGISTERED_ONLY : 0u) |
           (pref_any_code ? SIPSTATUS_ANY_CODE : 0u);
}

/* Whether p[0..n) starts like a Status-Line, as `sipstatus check` decides
 * it for a payload: past the CRLFs (and bare LFs) before it, the first
 * four bytes are "SIP/" in any case.  Asked of the parser itself: they
 * are exactly when it finds no error in them. */
static int starts_like_status_line(const guint8 *p, size_t n)
{
    struct sipstatus_line l;
    int rc = sipstatus_parse((const char *)p, n, SIPSTATUS_SKIP_CRLF | SIPSTATUS_LENIENT_LF, &l);

    if (l.start > n || n - l.start < 4)
        return 0;
    return rc >= 0 || l.error_offset >= l.start + 4;
}

/* One line checked: the bytes tvb[off..off+len) hold a message from its
 * first byte.  Adds a sipstatus subtree with the fields, and the expert
 * info, to tree. */
static void check_line(tvbuff_t *tvb, gint off, gint len, gboolean hidden, packet_info *pinfo,
                       proto_tree *tree)
{
    const char *msg = (const char *)tvb_get_ptr(tvb, off, len);
    struct sipstatus_line l;
    int rc = sipstatus_parse(msg, (size_t)len, parse_flags(), &l);
    gint line = off + (gint)(l.start <= (size_t)len ? l.start : (size_t)len);
    const guint8 *lf = memchr(msg + (line - off), '\n', (size_t)(off + len - line));
    gint line_len = lf ? (gint)((const char *)lf - msg) + off + 1 - line : off + len - line;
    proto_item *ti, *at;
    proto_tree *st;
    guint32 bad;
    unsigned k;

    if (rc == SIPSTATUS_INCOMPLETE && tvb_captured_length_remaining(tvb, off) <
                                          tvb_reported_length_remaining(tvb, off)) {
        /* the line went on in bytes that were not captured: check skips
         * it too, with a warning */
        proto_tree_add_expert_format(tree, pinfo, &ei_cut, tvb, line, line_len,
                                     "sipstatus: the status line was cut by the snapshot length");
        return;
    }
    ti = proto_tree_add_item(tree, proto_sipstatus, tvb, line, line_len, ENC_NA);
    st = proto_item_add_subtree(ti, ett_sipstatus);
    proto_tree_add_string(st, hf_result, tvb, line, line_len,
                          rc == SIPSTATUS_OK ? "OK" : sipstatus_errname(rc));
    if (hidden)
        proto_item_set_generated(proto_tree_add_boolean(st, hf_hidden, tvb, line, line_len, TRUE));
    if (rc != SIPSTATUS_OK) {
        /* check's offset: from the line's 'S'; the end when it never ended */
        const char *text = rc == SIPSTATUS_INCOMPLETE ? "the message ends inside the status line"
                                                      : sipstatus_strerror(rc);
        gint where = rc == SIPSTATUS_INCOMPLETE ? off + len
                     : l.error_offset >= l.start ? off + (gint)l.error_offset : line;
        bad = (guint32)(where - line);
        at = proto_tree_add_uint(st, hf_error_offset, tvb, where < off + len ? where : line,
                                 where < off + len ? 1 : 0, bad);
        proto_tree_add_string(st, hf_error, tvb, where < off + len ? where : line,
                              where < off + len ? 1 : 0, text);
        if (l.code >= 100)
            proto_tree_add_uint(st, hf_code, tvb, line, line_len, l.code);
        expert_add_info_format(pinfo, at, &ei_invalid, "%s (%s) at byte %u", text,
                               sipstatus_errname(rc), bad);
        proto_item_append_text(ti, ": %s at byte %u", sipstatus_errname(rc), bad);
        col_append_fstr(pinfo->cinfo, COL_INFO, " [sipstatus: %s at byte %u]",
                        sipstatus_errname(rc), bad);
        return;
    }
    proto_item_append_text(ti, ": OK");
    proto_tree_add_uint(st, hf_code, tvb, line, line_len, l.code);
    proto_tree_add_uint(st, hf_effective_code, tvb, line, line_len, sipstatus_effective_code(l.code));
    proto_tree_add_string(st, hf_reason, tvb, off + (gint)(l.reason - msg), (gint)l.reason_len,
                          wmem_strndup(pinfo->pool, l.reason, l.reason_len));
    if (sipstatus_lookup(l.code))
        proto_tree_add_string(st, hf_registered_phrase, tvb, line, line_len,
                              sipstatus_lookup(l.code)->phrase);
    for (k = 0; k < SIPSTATUS_NOTE_COUNT; k++) {
        unsigned bit = 1u << k;
        if (l.notes & bit) {
            proto_item *ni = proto_tree_add_string(st, hf_note, tvb, line, line_len,
                                                   sipstatus_notename(bit));
            expert_add_info_format(pinfo, ni, &ei_note, "%s (%s)", sipstatus_notetext(bit),
                                   sipstatus_notename(bit));
        }
    }
}

/* Whether a field of `fields` begins in tvb[start..start+len). */
static gboolean has_field_in(GPtrArray *fields, tvbuff_t *tvb, gint start, gint len)
{
    guint i;
    for (i = 0; fields && i < fields->len; i++) {
        field_info *f = g_ptr_array_index(fields, i);
        if (f->ds_tvb == tvb && f->start >= start && f->start < start + len)
            return TRUE;
    }
    return FALSE;
}

static gboolean on_checked_port(packet_info *pinfo)
{
    return pref_all_ports || value_is_in_range(pref_ports, pinfo->srcport) ||
           value_is_in_range(pref_ports, pinfo->destport);
}

static int dissect_sipstatus(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    GPtrArray *lines, *done, *held;
    const int payloads[] = {hf_sip, hf_udp_payload, hf_tcp_payload, hf_data};
    GPtrArray *arrs[sizeof payloads / sizeof payloads[0]];
    /* payloads already looked at: data.data is often udp.payload again */
    field_info **seen;
    guint i, j, nseen = 0, total = 0;
    size_t p;

    (void)tvb;
    (void)data;
    if (tree == NULL)
        return 0;
    /* a field id stays -1 when its dissector is not in this Wireshark */
    lines = hf_sip_status_line > 0 ? proto_get_finfo_ptr_array(tree, hf_sip_status_line) : NULL;
    /* segments a dissector (SIP) holds for a TCP reassembly that ends in
     * a later frame: the message is checked there, from its
     * sip.Status-Line.  A reassembly that ends in this frame and gave no
     * Status-Line leaves the segment to be looked at. */
    done = hf_tcp_reassembled_length > 0 ? proto_get_finfo_ptr_array(tree, hf_tcp_reassembled_length)
                                         : NULL;
    held = hf_tcp_segment_data > 0 && (done == NULL || done->len == 0)
               ? proto_get_finfo_ptr_array(tree, hf_tcp_segment_data) : NULL;
    for (i = 0; lines && i < lines->len; i++) {
        field_info *f = g_ptr_array_index(lines, i);
        check_line(f->ds_tvb, f->start, tvb_captured_length_remaining(f->ds_tvb, f->start), FALSE,
                   pinfo, tree);
    }
    if (!on_checked_port(pinfo))
        return 0;
    for (p = 0; p < sizeof payloads / sizeof payloads[0]; p++) {
        arrs[p] = payloads[p] > 0 ? proto_get_finfo_ptr_array(tree, payloads[p]) : NULL;
        total += arrs[p] ? arrs[p]->len : 0;
    }
    seen = wmem_alloc_array(pinfo->pool, field_info *, total ? total : 1);
    for (p = 0; p < sizeof payloads / sizeof payloads[0]; p++) {
        for (i = 0; arrs[p] && i < arrs[p]->len; i++) {
            field_info *f = g_ptr_array_index(arrs[p], i);
            gint cap;
            for (j = 0; j < nseen; j++)
                if (seen[j]->ds_tvb == f->ds_tvb && seen[j]->start == f->start)
                    break;
            if (j < nseen || f->length <= 0)
                continue;
            seen[nseen++] = f;
            cap = tvb_captured_length_remaining(f->ds_tvb, f->start);
            if (cap > f->length)
                cap = f->length;
            if (has_field_in(lines, f->ds_tvb, f->start, f->length) ||
                has_field_in(held, f->ds_tvb, f->start, f->length) ||
                !starts_like_status_line(tvb_get_ptr(f->ds_tvb, f->start, cap), (size_t)cap))
                continue;
            check_line(f->ds_tvb, f->start, cap, TRUE, pinfo, tree);
        }
    }
    return tvb_captured_length(tvb);
}

void proto_register_sipstatus(void);
void proto_reg_handoff_sipstatus(void);

void proto_register_sipstatus(void)
{
    static hf_register_info hf[] = {
        {&hf_result, {"Result", "sipstatus.result", FT_STRING, BASE_NONE, NULL, 0x0,
                      "OK, or the sipstatus error kind (E_VERSION, E_CODE, ...)", HFILL}},
        {&hf_error_offset, {"Error offset", "sipstatus.error_offset", FT_UINT32, BASE_DEC, NULL, 0x0,
                            "Offset of the first bad byte from the line's 'S' (the item sits on that byte)",
                            HFILL}},
        {&hf_error, {"Error", "sipstatus.error", FT_STRING, BASE_NONE, NULL, 0x0,
                     "What is wrong with the line", HFILL}},
        {&hf_code, {"Status-Code", "sipstatus.code", FT_UINT16, BASE_DEC, NULL, 0x0,
                    "The code read (on an error, the digits read before it)", HFILL}},
        {&hf_effective_code, {"Effective code", "sipstatus.effective_code", FT_UINT16, BASE_DEC, NULL,
                              0x0, "How a UAC must treat the code (RFC 3261 8.1.3.2); 0 for none",
                              HFILL}},
        {&hf_reason, {"Reason-Phrase", "sipstatus.reason", FT_STRING, BASE_NONE, NULL, 0x0, NULL,
                      HFILL}},
        {&hf_note, {"Note", "sipstatus.note", FT_STRING, BASE_NONE, NULL, 0x0,
                    "A note on a valid line (CASE, PHRASE, BARE_LF, ...), one per note", HFILL}},
        {&hf_registered_phrase, {"Registered phrase", "sipstatus.registered_phrase", FT_STRING,
                                 BASE_NONE, NULL, 0x0, "The IANA registry's phrase for the code",
                                 HFILL}},
        {&hf_hidden, {"Not a Status-Line to Wireshark", "sipstatus.hidden", FT_BOOLEAN, BASE_NONE,
                      NULL, 0x0,
                      "Wireshark found no sip.Status-Line here (not SIP to it, or a SIP message it "
                      "could not read); it starts like a Status-Line", HFILL}},
    };
    static gint *ett[] = {&ett_sipstatus};
    static ei_register_info ei[] = {
        {&ei_invalid, {"sipstatus.invalid", PI_PROTOCOL, PI_ERROR, "Invalid SIP Status-Line",
                       EXPFILL}},
        {&ei_note, {"sipstatus.note.expert", PI_PROTOCOL, PI_WARN, "Note on a SIP Status-Line",
                    EXPFILL}},
        {&ei_cut, {"sipstatus.cut", PI_UNDECODED, PI_WARN, "Status-Line cut by the snapshot length",
                   EXPFILL}},
    };
    module_t *m;

    proto_sipstatus = proto_register_protocol("SIP Status-Line check (sipstatus)", "sipstatus",
                                              "sipstatus");
    proto_register_field_array(proto_sipstatus, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_sipstatus), ei, array_length(ei));

    m = prefs_register_protocol(proto_sipstatus, NULL);
    prefs_register_bool_preference(m, "lenient_lf", "Lenient LF (--lenient-lf)",
                                   "A bare LF may end the line (note BARE_LF). Risk: peers framing on "
                                   "CRLF and on LF disagree where the line ends.",
                                   &pref_lenient_lf);
    prefs_register_bool_preference(m, "lenient_space", "Lenient space (--lenient-space)",
                                   "Runs of SP/HTAB as separators, and none before an empty reason "
                                   "(note WHITESPACE).", &pref_lenient_space);
    prefs_register_bool_preference(m, "lenient_reason", "Lenient reason (--lenient-reason)",
                                   "Any HTAB, 0x20-0x7E or 0x80-0xFF byte in the reason (note "
                                   "REASON_CHARS).", &pref_lenient_reason);
    prefs_register_bool_preference(m, "strict_utf8", "Strict UTF-8 (--strict-utf8)",
                                   "Reason bytes >= 0x80 must be RFC 3629 UTF-8.", &pref_strict_utf8);
    prefs_register_bool_preference(m, "registered_only", "Registered codes only (--registered-only)",
                                   "The code must be in the IANA registry (E_UNREGISTERED).",
                                   &pref_registered_only);
    prefs_register_bool_preference(m, "any_code", "Any code (--any-code)",
                                   "Any three digits as the code, not only 100-699 (note CLASS).",
                                   &pref_any_code);
    prefs_register_bool_preference(m, "all_ports", "Look at payloads on every port",
                                   "Payloads not taken for SIP are checked when they start like a "
                                   "Status-Line on any UDP/TCP port, as sipstatus check does; off: "
                                   "only on the ports below.", &pref_all_ports);
    range_convert_str(wmem_epan_scope(), &pref_ports, "5060-5061", 65535);
    prefs_register_range_preference(m, "ports", "SIP ports",
                                    "UDP/TCP ports whose payloads not taken for SIP are checked when "
                                    "they start like a Status-Line (with all_ports off)",
                                    &pref_ports, 65535);
}

void proto_reg_handoff_sipstatus(void)
{
    static const char *const wanted_names[] = {"sip.Status-Line", "sip", "udp.payload",
                                               "tcp.payload", "data.data", "tcp.segment_data",
                                               "tcp.reassembled.length"};
    int *const ids[] = {&hf_sip_status_line, &hf_sip, &hf_udp_payload, &hf_tcp_payload, &hf_data,
                        &hf_tcp_segment_data, &hf_tcp_reassembled_length};
    dissector_handle_t h = create_dissector_handle(dissect_sipstatus, proto_sipstatus);
    GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));
    size_t i;

    for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        *ids[i] = proto_registrar_get_id_byname(wanted_names[i]);
        if (*ids[i] > 0)
            g_array_append_val(wanted, *ids[i]);
    }
    register_postdissector(h);
    set_postdissector_wanted_hfids(h, wanted);
}

void plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = proto_register_sipstatus;
    plug.register_handoff = proto_reg_handoff_sipstatus;
    proto_register_plugin(&plug);
}
