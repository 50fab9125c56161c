package com.lambda.tracing.hook;

import com.lambda.tracing.hook.common.Text;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.evaluation.Masking;
import com.lambda.tracing.hook.evaluation.Verdicts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The last step before an answer leaves the wrapper. The plugin answers requests it cannot read with the JSON
 * parser's own message, which quotes the offending value in full (any size, secrets included), names Java classes
 * and appends parser positions. CloudFormation shows the message to people and accepts at most 4,096 characters, so
 * every message is masked, cut at the first line of parser or stack detail, shortened and kept within the limit;
 * an answer that is not a JSON object becomes a plain FAILED answer.
 */
final class ResponseGuard {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where machine detail starts: parser positions, reference chains, stack frames. */
    private static final Pattern DETAIL = Pattern.compile("\\R\\s*at \\[Source|\\s*\\(through reference chain|\\R\\s*at [\\w$.]+\\(|\\RCaused by: ");
    private static final Pattern QUALIFIED_CLASS =
            Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*)\\b");
    /** The parser quotes the whole offending value ("from String value ('...')"): keep its start only. */
    private static final Pattern LONG_QUOTE = Pattern.compile("(value \\(')([^']{120})[^']+(')");

    private ResponseGuard() {
    }

    static byte[] guard(byte[] answer) {
        JsonNode node;
        try {
            node = JSON.readTree(answer);
        } catch (IOException e) {
            node = null;
        }
        if (!(node instanceof ObjectNode object)) {
            return failed("The hook could not produce an answer for this request.");
        }
        JsonNode message = object.get("message");
        if (message != null && message.isTextual()) {
            String clean = clean(message.asText());
            if (!clean.equals(message.asText())) {
                object.put("message", clean);
                try {
                    return JSON.writeValueAsBytes(object);
                } catch (IOException e) {
                    return failed("The hook could not write its answer.");
                }
            }
        }
        return answer;
    }

    static String clean(String message) {
        String out = message;
        var detail = DETAIL.matcher(out);
        if (detail.find()) {
            out = out.substring(0, detail.start()).stripTrailing();
        }
        out = LONG_QUOTE.matcher(out).replaceAll("$1$2…$3");
        if (out.contains("com.fasterxml") || out.contains("software.amazon") || out.contains("java.")) {
            out = QUALIFIED_CLASS.matcher(out).replaceAll("$1");
        }
        out = Masking.maskText(out);
        return Text.shorten(out, Verdicts.MAX_MESSAGE_CHARS);
    }

    static byte[] failed(String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("hookStatus", "FAILED");
        o.put("errorCode", "InternalFailure");
        o.put("message", message);
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }
}
