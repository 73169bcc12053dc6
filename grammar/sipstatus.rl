# SPDX-License-Identifier: MIT
# sipstatus.rl - the Status-Line grammar of RFC 3261 (§7.2, §25.1), rules only.
%%{
  # The actions named here get their bodies in src/parse.rl.  Flags reach the
  # grammar as conditions (`when`), which cost a test only on the bytes they
  # guard; LENIENT_REASON and STRICT_UTF8, which would guard every reason
  # byte, choose one of four machines instead.  Error actions name the kind
  # of error for the state a byte fails in: each rule covers its inner
  # states, and Status_Line adds `%!` to each part's final states, where the
  # next part would have begun.  A part's error action on its own start
  # state would reach the previous part's final states and override that, so
  # parts leave their start state alone (`<!`, `<>!`).

  machine sipstatus;

  # RFC 5234 Appendix B.1 (core rules)
  CR = 0x0d;
  LF = 0x0a;
  SP = 0x20;
  HTAB = 0x09;
  CRLF = CR LF;
  DIGIT = [0-9];
  HEXDIG = [0-9A-Fa-f];           # ABNF strings are case-insensitive
  alphanum = [A-Za-z0-9];         # RFC 3261 §25.1

  # RFC 3261 §25.1
  reserved = [;/?:@&=+$,];
  mark = [\-_.!~*'()];
  unreserved = alphanum | mark;
  escaped_ABNF = '%' HEXDIG HEXDIG;
  escaped = escaped_ABNF <>!err_escape;

  # RFC 3629 §4: UTF8-tail and the UTF8-2/3/4 sequences
  UTF8_tail = 0x80..0xbf;
  UTF8_2 = 0xc2..0xdf UTF8_tail;
  UTF8_3 = 0xe0 0xa0..0xbf UTF8_tail | 0xe1..0xec UTF8_tail{2}
         | 0xed 0x80..0x9f UTF8_tail | 0xee..0xef UTF8_tail{2};
  UTF8_4 = 0xf0 0x90..0xbf UTF8_tail{2} | 0xf1..0xf3 UTF8_tail{3}
         | 0xf4 0x80..0x8f UTF8_tail{2};
  UTF8_3629_seq = UTF8_2 | UTF8_3 | UTF8_4;
  UTF8_3629 = UTF8_3629_seq <>!err_utf8;

  # RFC 3261 §25.1:
  # UTF8-NONASCII = %xC0-DF 1UTF8-CONT / %xE0-EF 2UTF8-CONT
  #               / %xF0-F7 3UTF8-CONT / %xF8-Fb 4UTF8-CONT / %xFC-FD 5UTF8-CONT
  # UTF8-CONT     = %x80-BF
  # These allow more than RFC 3629: UTF8_3629_seq and the forms beyond it
  # together are exactly the ABNF rule (fuzz/reference.c checks that, byte
  # for byte).  SIPSTATUS_STRICT_UTF8 selects the machines without them.
  UTF8_CONT = 0x80..0xbf;
  UTF8_beyond_3629 = 0xc0..0xc1 UTF8_CONT                        # overlong
    | 0xe0 0x80..0x9f UTF8_CONT                                   # overlong
    | 0xed 0xa0..0xbf UTF8_CONT                                   # surrogate
    | 0xf0 0x80..0x8f UTF8_CONT{2}                                # overlong
    | 0xf4 0x90..0xbf UTF8_CONT{2}                                # > U+10FFFF
    | 0xf5..0xf7 UTF8_CONT{3}                                     # > U+10FFFF
    | 0xf8..0xfb UTF8_CONT{4}                                     # 5 bytes
    | 0xfc..0xfd UTF8_CONT{5};                                    # 6 bytes
  UTF8_NONASCII_ABNF = UTF8_3629_seq | UTF8_beyond_3629;
  UTF8_NONASCII = UTF8_NONASCII_ABNF <>!err_utf8;

  # RFC 3261 §25.1:
  # Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII
  #                 / UTF8-CONT / SP / HTAB)
  # The bytes that stand for themselves, then the items of several bytes; a
  # UTF8-CONT standing alone is never RFC 3629.  After a reason_byte every
  # reason machine stays where it is on any further reason_byte, so
  # `plain_run` may pass over a run of them at once.
  reason_byte = ( reserved | unreserved | SP | HTAB ) @plain_run;
  Reason_Phrase = ( reason_byte | escaped | UTF8_NONASCII | UTF8_CONT )* %!err_reason;
  # The same with SIPSTATUS_STRICT_UTF8: only RFC 3629 sequences.
  Reason_Phrase_3629 = ( reason_byte | escaped | UTF8_3629 )* %!err_reason;

  # SIPSTATUS_LENIENT_REASON: HTAB, 0x20-0x7E and 0x80-0xFF, in any order;
  # with STRICT_UTF8 the bytes >= 0x80 must still be RFC 3629.
  Reason_lenient_chars = ( HTAB | 0x20..0x7e | 0x80..0xff )* %!err_reason;
  Reason_lenient_3629_chars = ( HTAB | 0x20..0x7e | UTF8_3629 )* %!err_reason;

  # Notes without a second pass.  A machine in union with a sublanguage of
  # itself accepts the same lines, and the DFA runs both at once: the
  # sublanguage's leaving action fires on the CR or LF ending the reason
  # exactly when the reason is in it.  These copies carry no other action
  # (plain_run, on reason_byte, is the same in every copy).
  # reason_utf8: the reason is RFC 3629 (else NOTE_UTF8);
  # reason_abnf: the reason is strict Reason-Phrase (else NOTE_REASON_CHARS).
  Reason_Phrase_3629_tracked = ( reason_byte | escaped_ABNF | UTF8_3629_seq )*;
  Reason_Phrase_tracked = ( reason_byte | escaped_ABNF | UTF8_NONASCII_ABNF | UTF8_CONT )*;
  Reason_lenient_3629_tracked = ( HTAB | 0x20..0x7e | UTF8_3629_seq )*;

  Reason_strict = Reason_Phrase | ( Reason_Phrase_3629_tracked %reason_utf8 );
  Reason_lenient = Reason_lenient_chars | ( Reason_Phrase_tracked %reason_abnf )
                 | ( Reason_lenient_3629_tracked %reason_utf8 );
  Reason_lenient_3629 = Reason_lenient_3629_chars
                      | ( Reason_Phrase_3629_tracked %reason_abnf );

  # RFC 3261 §25.1: SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT, any
  # number of digits (the actions hold each number at UINT_MAX once it is
  # larger).
  SIP_Version = ( ( 'S' | 's' @lower_case ) ( 'I' | 'i' @lower_case ) ( 'P' | 'p' @lower_case )
                  '/' DIGIT+ $major_digit '.' DIGIT+ $minor_digit
                ) >start $!err_version %version_end;

  # RFC 3261 §25.1: Status-Code = 3DIGIT (extension-code), in the classes
  # 1xx-6xx of §21 unless SIPSTATUS_ANY_CODE allows any first digit.
  Status_Code = ( ( [1-6] | ( [0789] when any_code ) ) DIGIT DIGIT )
                >code_start $code_digit @code_end <!err_code;

  # RFC 3261 §7.2: exactly one SP; SIPSTATUS_LENIENT_SPACE allows runs of
  # SP and HTAB (every byte but a first SP sets NOTE_WHITESPACE).
  ws_lenient = ( [ \t] when lenient_space ) @whitespace;
  SEP = ( SP | ( HTAB when lenient_space ) @whitespace ) ws_lenient*;

  # RFC 3261 §7.2 ends the line in CRLF; SIPSTATUS_LENIENT_LF allows LF.
  EOL = ( CRLF | ( LF when lenient_lf ) @bare_lf ) >reason_end @done
        <>!err_eol;

  # RFC 3261 §7.2 keeps the SP before an empty Reason-Phrase (RFC 4475
  # `noreason`); SIPSTATUS_LENIENT_SPACE lets the line end after the code.
  No_SP_EOL = ( EOL when lenient_space ) >whitespace;

  # RFC 3261 §7.5: CRLFs before a message are skipped (SIPSTATUS_SKIP_CRLF,
  # bare LFs with SIPSTATUS_LENIENT_LF too).
  Skip = ( ( ( CR when skip_crlf ) LF | ( LF when skip_lf ) ) @skipped )*
         <>!err_eol;

  # RFC 3261 §7.2: Status-Line = SIP-Version SP Status-Code SP
  #                              Reason-Phrase CRLF
  # Separator whitespace is never part of the reason (`<:`).  One machine
  # per reason rule, so that no flag is tested on reason bytes.
  Status_Head = ( Skip %!err_version ) ( SIP_Version %!err_sep1 )
                ( SEP %!err_code1 ) ( Status_Code %!err_sep2 );
  Status_Line = Status_Head
                ( ( ( SEP %reason_start ) <: Reason_strict ) EOL | No_SP_EOL );
  Status_Line_3629 = Status_Head
                ( ( ( SEP %reason_start ) <: Reason_Phrase_3629 ) EOL | No_SP_EOL );
  Status_Line_lenient = Status_Head
                ( ( ( SEP %reason_start ) <: Reason_lenient ) EOL | No_SP_EOL );
  Status_Line_lenient_3629 = Status_Head
                ( ( ( SEP %reason_start ) <: Reason_lenient_3629 ) EOL | No_SP_EOL );

  # A Reason-Phrase alone, then the CR that would end it, under each
  # reason rule: for sipstatus_reason_check() and sipstatus_format().
  Reason_Only = Reason_strict CR @done;
  Reason_Only_3629 = Reason_Phrase_3629 CR @done;
  Reason_Only_lenient = Reason_lenient CR @done;
  Reason_Only_lenient_3629 = Reason_lenient_3629 CR @done;

  # Any RFC 3629 text.
  UTF8_text = ( 0x00..0x7f | UTF8_3629_seq )*;
}%%
