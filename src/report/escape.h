#pragma once

#include <string>
#include <string_view>

namespace perfwarden::report {

// Escaping for every output format, in one place. Everything that comes from the head revision
// (benchmark names, commit subjects, trailer text, reasons quoting them) is untrusted data and goes
// through one of these before it reaches a renderer's output. Invalid UTF-8 becomes U+FFFD in all
// of them, so a malformed name can never break a document's encoding.

// Markdown (GitHub-flavoured) text for a paragraph or a table cell: backslash-escapes
// \ * _ [ ] ( ) < > # | ! ` ~ (so no link, image, emphasis, table split or HTML tag can form),
// writes & as &amp; (no entity tricks), breaks @mentions with a zero-width space (no one is
// pinged) and turns line breaks into spaces (a cell or list item stays one line).
std::string escape_markdown(std::string_view text);

// A fenced Markdown code block holding `text` verbatim (e.g. a build log's tail). The fence is
// longer than any backtick run in `text`, so the content cannot close it; nothing inside a code
// block is rendered or mentions anyone.
std::string markdown_code_block(std::string_view text);

// HTML text or a double- or single-quoted attribute value: & < > " ' as entities.
std::string escape_html(std::string_view text);

// XML 1.0 element text: & < > " ' as entities, carriage return as &#13; (parsers would turn it
// into a line feed), every character XML 1.0 forbids (C0 controls but tab and line feed,
// U+FFFE, U+FFFF) removed.
std::string escape_xml(std::string_view text);
// An XML 1.0 attribute value: as escape_xml, and tab and line feed as character references too
// (attribute-value normalisation would otherwise turn them into spaces).
std::string escape_xml_attribute(std::string_view text);

// Terminal text: control characters as \xNN (no escape sequence from a name can recolour or
// move anything), invalid UTF-8 as U+FFFD. One line: line breaks are escaped too.
std::string escape_terminal(std::string_view text);

// GitHub Actions workflow commands (`::error file=...,title=...::message`):
// the message: % \r \n as %25 %0D %0A; a property value additionally : and , as %3A %2C;
// other control characters but tab dropped.
std::string escape_workflow_data(std::string_view text);
std::string escape_workflow_property(std::string_view text);

}  // namespace perfwarden::report
