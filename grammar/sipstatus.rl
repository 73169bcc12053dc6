# sipstatus.rl - the Status-Line grammar of RFC 3261 (§7.2, §25.1), rules only.
%%{
  # The actions named here get their bodies in src/parse.rl.  Flags reach the
  # grammar as conditions (`when`), which cost a test only on the bytes they
  # guard.  Error actions name the kind of error for the state a byte fails
  # in: each rule covers its inner states, and Status_Line adds `%!` to each
  # part's final states, where the next part would have begun.  A part's
  # error action on its own start state would reach the previous part's
  # final states and override that, so parts leave their start state alone
  # (`<!`, `<>!`).

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
  escaped = ( '%' HEXDIG HEXDIG ) <>!err_escape;

  # RFC 3629 §4: UTF8-tail and the UTF8-2/3/4 sequences
  UTF8_tail = 0x80..0xbf;
  UTF8_2 = 0xc2..0xdf UTF8_tail;
  UTF8_3 = 0xe0 0xa0..0xbf UTF8_tail | 0xe1..0xec UTF8_tail{2}
         | 0xed 0x80..0x9f UTF8_tail | 0xee..0xef UTF8_tail{2};
  UTF8_4 = 0xf0 0x90..0xbf UTF8_tail{2} | 0xf1..0xf3 UTF8_tail{3}
         | 0xf4 0x80..0x8f UTF8_tail{2};
  UTF8_3629 = ( UTF8_2 | UTF8_3 | UTF8_4 ) <>!err_utf8;

  # RFC 3261 §25.1:
  # UTF8-NONASCII = %xC0-DF 1UTF8-CONT / %xE0-EF 2UTF8-CONT
  #               / %xF0-F7 3UTF8-CONT / %xF8-Fb 4UTF8-CONT / %xFC-FD 5UTF8-CONT
  # UTF8-CONT     = %x80-BF
  # These allow more than RFC 3629.  Each form beyond it is split at the
  # first byte that breaks RFC 3629: SIPSTATUS_STRICT_UTF8 turns that byte
  # off, else it sets NOTE_UTF8 (`utf8_lax`).  The union is exactly the
  # ABNF rule (fuzz/reference.c checks that, byte for byte).
  UTF8_CONT = 0x80..0xbf;
  lax = any when !strict_utf8;
  UTF8_NONASCII = UTF8_3629 | (
      ( 0xc0..0xc1 & lax ) @utf8_lax UTF8_CONT                   # overlong
    | 0xe0 ( 0x80..0x9f & lax ) @utf8_lax UTF8_CONT              # overlong
    | 0xed ( 0xa0..0xbf & lax ) @utf8_lax UTF8_CONT              # surrogate
    | 0xf0 ( 0x80..0x8f & lax ) @utf8_lax UTF8_CONT{2}           # overlong
    | 0xf4 ( 0x90..0xbf & lax ) @utf8_lax UTF8_CONT{2}           # > U+10FFFF
    | ( 0xf5..0xf7 & lax ) @utf8_lax UTF8_CONT{3}                # > U+10FFFF
    | ( 0xf8..0xfb & lax ) @utf8_lax UTF8_CONT{4}                # 5 bytes
    | ( 0xfc..0xfd & lax ) @utf8_lax UTF8_CONT{5}                # 6 bytes
  ) <>!err_utf8;
  # A UTF8-CONT standing alone in Reason-Phrase is never RFC 3629.
  UTF8_CONT_alone = ( UTF8_CONT & lax ) @utf8_lax;

  # RFC 3261 §25.1:
  # Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII
  #                 / UTF8-CONT / SP / HTAB)
  Reason_Phrase = ( reserved | unreserved | escaped | UTF8_NONASCII
                  | UTF8_CONT_alone | SP | HTAB )* %!err_reason;

  # SIPSTATUS_LENIENT_REASON: HTAB, 0x20-0x7E and 0x80-0xFF, in any order;
  # with STRICT_UTF8 the bytes >= 0x80 must still be RFC 3629.
  Reason_lenient = ( HTAB | 0x20..0x7e | ( 0x80..0xff when !strict_utf8 )
                   | ( UTF8_3629 when strict_utf8 ) )* %!err_reason;

  # RFC 3261 §25.1: SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT; each
  # number is held to 9 digits so that it fits an unsigned int.
  SIP_Version = ( ( 'S' | 's' @lower_case ) ( 'I' | 'i' @lower_case ) ( 'P' | 'p' @lower_case )
                  '/' DIGIT{1,9} $major_digit '.' DIGIT{1,9} $minor_digit
                ) >start $!err_version %version_end;

  # RFC 3261 §25.1: Status-Code = 3DIGIT, in the classes 1xx-6xx of §21
  Status_Code = ( [1-6] DIGIT DIGIT ) >code_start $code_digit @code_end
                <!err_code;

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
  # Separator whitespace is never part of the reason (`<:`).
  Status_Line = ( Skip %!err_version ) ( SIP_Version %!err_sep1 )
                ( SEP %!err_code1 ) ( Status_Code %!err_sep2 )
                ( ( ( SEP %reason_start ) <: Reason_Phrase ) EOL | No_SP_EOL );
  Status_Line_lenient = ( Skip %!err_version ) ( SIP_Version %!err_sep1 )
                ( SEP %!err_code1 ) ( Status_Code %!err_sep2 )
                ( ( ( SEP %reason_start ) <: Reason_lenient ) EOL | No_SP_EOL );

  # A Reason-Phrase alone, then the CR that would end it: for
  # sipstatus_format() and for NOTE_REASON_CHARS.
  Reason_Only = Reason_Phrase CR @done;

  # Any RFC 3629 text: for NOTE_UTF8 under SIPSTATUS_LENIENT_REASON.
  UTF8_text = ( 0x00..0x7f | UTF8_3629 )*;
}%%
