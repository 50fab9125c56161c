package com.lambda.tracing.hook.cli;

import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML for CI test reports: one test suite per template, one test case per function; a blocked function is a
 * failure (non-compliant) or an error (indeterminate), a resource not evaluated is skipped.
 */
final class JunitReportWriter implements ReportWriter {
    /** Ant's timestamp: to the second, without a zone (this one is UTC). */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);

    @Override
    public String render(Report report) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuites");
            w.writeAttribute("name", xml(TOOL + " check"));
            w.writeAttribute("tests", xml(String.valueOf(report.functions() + report.templates.stream().filter(t -> t.error() != null).count())));
            w.writeAttribute("failures", xml(String.valueOf(report.count(Report.Verdict.NON_COMPLIANT))));
            w.writeAttribute("errors", String.valueOf(report.count(Report.Verdict.INDETERMINATE)
                    + report.templates.stream().filter(t -> t.error() != null).count()));
            // testsuites carries no skipped count in the Ant / Jenkins format: each testsuite has its own.
            w.writeAttribute("time", xml(seconds(report.millis)));
            String timestamp = TIMESTAMP.format(LocalDateTime.now(ZoneOffset.UTC));
            for (Report.TemplateResult t : report.templates) {
                w.writeCharacters("\n  ");
                w.writeStartElement("testsuite");
                w.writeAttribute("name", xml(t.path()));
                int tests = t.error() != null ? 1 : t.functions().size();
                long failures = t.functions().stream().filter(f -> f.verdict() == Report.Verdict.NON_COMPLIANT).count();
                long errors = t.error() != null ? 1 : t.functions().stream().filter(f -> f.verdict() == Report.Verdict.INDETERMINATE).count();
                long skipped = t.functions().stream().filter(f -> f.verdict() == Report.Verdict.NOT_EVALUATED).count();
                w.writeAttribute("tests", xml(String.valueOf(tests)));
                w.writeAttribute("failures", xml(String.valueOf(failures)));
                w.writeAttribute("errors", xml(String.valueOf(errors)));
                w.writeAttribute("skipped", xml(String.valueOf(skipped)));
                w.writeAttribute("time", xml(seconds(t.functions().stream().mapToLong(Report.FunctionResult::millis).sum())));
                w.writeAttribute("timestamp", xml(timestamp));
                if (t.error() != null) {
                    w.writeCharacters("\n    ");
                    w.writeStartElement("testcase");
                    w.writeAttribute("classname", xml(t.path()));
                    w.writeAttribute("name", xml("template"));
                    w.writeAttribute("time", xml("0"));
                    w.writeStartElement("error");
                    w.writeAttribute("type", xml("UnreadableTemplate"));
                    w.writeAttribute("message", xml(t.error()));
                    w.writeCharacters(xml(t.error()));
                    w.writeEndElement();
                    w.writeEndElement();
                }
                for (Report.FunctionResult f : t.functions()) {
                    w.writeCharacters("\n    ");
                    w.writeStartElement("testcase");
                    w.writeAttribute("classname", xml(t.path()));
                    w.writeAttribute("name", xml(f.logicalId()));
                    w.writeAttribute("file", xml(t.path()));
                    w.writeAttribute("line", xml(String.valueOf(f.line())));
                    w.writeAttribute("time", xml(seconds(f.millis())));
                    switch (f.verdict()) {
                        case NON_COMPLIANT: {
                            List<String> names = f.failed().stream().map(Report.Annotation::name).toList();
                            w.writeStartElement("failure");
                            w.writeAttribute("type", xml("NonCompliant"));
                            w.writeAttribute("message", xml("Blocked by " + String.join(", ", names)));
                            StringBuilder body = new StringBuilder();
                            for (Report.Annotation a : f.failed()) {
                                body.append(a.name()).append(" [").append(a.severity()).append("]: ")
                                        .append(a.statusMessage()).append('\n');
                                if (a.remediationMessage() != null) {
                                    body.append("  fix: ").append(a.remediationMessage()).append('\n');
                                }
                                if (a.remediationLink() != null) {
                                    body.append("  ").append(a.remediationLink()).append('\n');
                                }
                            }
                            if (f.message() != null) {
                                body.append('\n').append(f.message()).append('\n');
                            }
                            w.writeCharacters(xml(body.toString()));
                            w.writeEndElement();
                            break;
                        }
                        case INDETERMINATE:
                            w.writeStartElement("error");
                            w.writeAttribute("type", xml(f.errorCode() == null ? "Indeterminate" : f.errorCode()));
                            w.writeAttribute("message", xml(f.message() == null ? "no verdict" : firstLine(f.message())));
                            w.writeCharacters(xml(f.message() == null ? "" : f.message()));
                            w.writeEndElement();
                            break;
                        case NOT_EVALUATED:
                            w.writeStartElement("skipped");
                            w.writeAttribute("message", xml(f.message() == null ? "not evaluated" : f.message()));
                            w.writeEndElement();
                            break;
                        default:
                            break;
                    }
                    if (!f.exempted().isEmpty()) {
                        // JUnit has no "suppressed": the waivers go to the test's output, where CI shows them.
                        StringBuilder exempted = new StringBuilder();
                        for (Report.Annotation a : f.exempted()) {
                            exempted.append("exempted ").append(a.name()).append(": ").append(a.statusMessage()).append('\n');
                        }
                        w.writeStartElement("system-out");
                        w.writeCharacters(xml(exempted.toString()));
                        w.writeEndElement();
                    }
                    w.writeEndElement();
                }
                w.writeCharacters("\n  ");
                w.writeEndElement();
            }
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out + "\n";
    }

    /** Drops the characters XML 1.0 cannot carry (control characters, unpaired surrogates, U+FFFE/U+FFFF). */
    static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            sb.append(ok ? new String(Character.toChars(cp)) : "\uFFFD");
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
