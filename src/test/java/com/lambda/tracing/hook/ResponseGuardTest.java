package com.lambda.tracing.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What leaves the wrapper: parser dumps shortened and masked, the hook's own messages untouched. */
class ResponseGuardTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parserDumpsAreShortenedToOneReadableLine() throws Exception {
        String dump = "Cannot construct instance of `software.amazon.cloudformation.proxy.hook.HookRequestContext` (although at "
                + "least one Creator exists): no String-argument constructor/factory method to deserialize from String value ('"
                + "x".repeat(10_000) + "')\n at [Source: (String)\"{...}\"; line: 1, column: 12] (through reference chain: "
                + "software.amazon.cloudformation.proxy.hook.HookInvocationRequest[\"requestContext\"])";
        String clean = ResponseGuard.clean(dump);

        assertTrue(clean.length() < 400, clean);
        assertTrue(clean.startsWith("Cannot construct instance of `HookRequestContext`"), clean);
        assertTrue(clean.endsWith("x…')"), clean);
        assertFalse(clean.contains("at [Source"), clean);
        assertFalse(clean.contains("reference chain"), clean);
    }

    @Test
    void theHooksOwnMessagesAreLeftAlone() {
        String verdict = "Lambda function 'Orders' is blocked because its compliance could not be established: AWS Config sent a "
                + "response the hook cannot read (unknown evaluation status 'PARTIALLY_SUCCEEDED'). The hook fails closed "
                + "(OnIndeterminate=FAIL).\nAWS Config evaluation: 8a3615a2";
        String list = "Lambda function 'F' breaks 2 of 11 AWS Config rules:\n- [HIGH] a: x. Fix: y\n- [LOW] b: z";
        assertEquals(verdict, ResponseGuard.clean(verdict));
        assertEquals(list, ResponseGuard.clean(list));
    }

    @Test
    void theExecutableEntryPointGuardsItsAnswerToo() throws Exception {
        String request = "{\"clientRequestToken\":\"t\",\"requestContext\":\"" + "x".repeat(50_000) + "\"}";
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            HookHandlerWrapperExecutable.main(new String[] {request});
        } finally {
            System.setOut(original);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        String json = out.substring(out.indexOf(HookHandlerWrapperExecutable.START_MARKER) + HookHandlerWrapperExecutable.START_MARKER.length(),
                out.indexOf(HookHandlerWrapperExecutable.END_MARKER)).strip();
        JsonNode answer = JSON.readTree(json);
        assertEquals("FAILED", answer.path("hookStatus").asText(), json);
        assertTrue(answer.path("message").asText().length() < 1000, json);
    }

    @Test
    void secretsAreMaskedAndAnswersThatAreNotObjectsBecomeFailures() throws Exception {
        assertFalse(ResponseGuard.clean("from String value ('AKIAABCDEFGHIJKLMNOP')").contains("AKIAABCDEFGHIJKLMNOP"));
        JsonNode answer = JSON.readTree(ResponseGuard.guard("not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals("FAILED", answer.path("hookStatus").asText());
        assertEquals("InternalFailure", answer.path("errorCode").asText());
        byte[] fine = "{\"hookStatus\":\"SUCCESS\",\"message\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(new String(fine, StandardCharsets.UTF_8), new String(ResponseGuard.guard(fine), StandardCharsets.UTF_8));
    }
}
