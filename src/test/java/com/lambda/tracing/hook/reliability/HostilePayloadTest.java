package com.lambda.tracing.hook.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.local.ConfigEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, item 3 (the hook): the wrapper's JSON entry point fed mutated real payloads (inputs/, sam-tests/), deep
 * nesting, huge strings, odd unicode, nulls and wrong types. Every answer is a valid hook response (hookStatus;
 * FAILED with errorCode and message; no stack trace), nothing escapes processRequest, and the heap stays bounded.
 * Seeded, so every run feeds the same inputs.
 */
class HostilePayloadTest {
    private static final long SEED = 0x5EED_2026L;
    private static final int MUTATIONS = 160;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static ConfigEndpoint endpoint;

    @BeforeAll
    static void start() {
        endpoint = HookDriver.endpoint(ConfigEndpoint.builder().rules(HookDriver.rulePack()));
    }

    @AfterAll
    static void stop() {
        endpoint.close();
        HookDriver.forgetEndpoint();
    }

    /** Real payloads: the three inputs/ files and the requests of the sam-tests/ events, as invocation requests. */
    static List<ObjectNode> seeds() throws IOException {
        List<ObjectNode> seeds = new ArrayList<>();
        ObjectNode model = HookDriver.typeConfiguration("MaxWaitPerInvocationSeconds", "1", "EvaluationTimeoutSeconds", "30");
        try (var files = Files.list(HookDriver.ROOT.resolve("inputs"))) {
            for (Path f : files.sorted().toList()) {
                JsonNode input = HookDriver.JSON.readTree(f.toFile()).path("AWS::Lambda::Function");
                ObjectNode r = HookDriver.request("fuzz", "fuzz-stack", "FuzzFunction", Map.of(), model);
                ((ObjectNode) r.path("requestData")).set("targetModel", input.deepCopy());
                seeds.add(r);
            }
        }
        try (var files = Files.list(HookDriver.ROOT.resolve("sam-tests"))) {
            for (Path f : files.sorted().toList()) {
                JsonNode event = HookDriver.JSON.readTree(f.toFile());
                ObjectNode r = HookDriver.request("fuzz", "fuzz-stack", "FuzzFunction", Map.of(), model);
                ((ObjectNode) r.path("requestData")).set("targetModel", event.path("request").path("hookContext").path("targetModel").deepCopy());
                seeds.add(r);
            }
        }
        assertTrue(seeds.size() >= 5, "seeds from inputs/ and sam-tests/");
        return seeds;
    }

    @Test
    void mutatedRealPayloadsAlwaysGetAValidAnswer() throws IOException {
        Random random = new Random(SEED);
        List<ObjectNode> seeds = seeds();
        long heapBefore = usedHeapAfterGc();
        int failed = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            ObjectNode request = seeds.get(random.nextInt(seeds.size())).deepCopy();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                mutate(request, random);
            }
            // Keep each run short: an evaluation that is still running is answered IN_PROGRESS after 1 s.
            if (request.path("hookModel").isObject()) {
                ((ObjectNode) request.get("hookModel")).put("MaxWaitPerInvocationSeconds", "1");
            }
            byte[] bytes = HookDriver.JSON.writeValueAsBytes(request);
            if (random.nextInt(5) == 0) {
                bytes = byteMutation(bytes, random);
            }
            JsonNode answer = answer(bytes, "mutation " + i);
            if ("FAILED".equals(answer.path("hookStatus").asText())) {
                failed++;
            }
        }
        assertTrue(failed > 0, "some mutations must be rejected, or the fuzzer is not reaching the code");
        assertHeapBounded(heapBefore);
    }

    @Test
    void hostileShapesAlwaysGetAValidAnswer() throws IOException {
        ObjectNode base = seeds().get(1);
        List<byte[]> inputs = new ArrayList<>();
        inputs.add(new byte[0]);
        inputs.add("null".getBytes(StandardCharsets.UTF_8));
        inputs.add("[]".getBytes(StandardCharsets.UTF_8));
        inputs.add("\"text\"".getBytes(StandardCharsets.UTF_8));
        inputs.add("{}".getBytes(StandardCharsets.UTF_8));
        inputs.add("[".repeat(100_000).getBytes(StandardCharsets.UTF_8));
        inputs.add(("{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000)).getBytes(StandardCharsets.UTF_8));
        inputs.add(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0, (byte) 0xc3, 0x28});
        for (String path : List.of("requestData", "requestData.targetModel", "requestData.targetModel.resourceProperties",
                "hookModel", "requestContext", "requestContext.callbackContext", "requestData.callerCredentials",
                "actionInvocationPoint", "requestData.targetLogicalId", "clientRequestToken", "stackId")) {
            for (JsonNode value : hostileValues()) {
                ObjectNode r = base.deepCopy();
                set(r, path, value);
                inputs.add(HookDriver.JSON.writeValueAsBytes(r));
            }
        }
        // Properties: deep nesting, huge strings, odd unicode, wrong types, in the places rules and masking read.
        for (String property : List.of("Environment", "Environment.Variables", "MemorySize", "Code.ZipFile", "Tags",
                "TracingConfig.Mode", "VpcConfig.SubnetIds", "Layers", "FunctionName")) {
            for (JsonNode value : hostileValues()) {
                ObjectNode r = base.deepCopy();
                set(r, "requestData.targetModel.resourceProperties." + property, value);
                inputs.add(HookDriver.JSON.writeValueAsBytes(r));
            }
        }
        long heapBefore = usedHeapAfterGc();
        for (int i = 0; i < inputs.size(); i++) {
            answer(inputs.get(i), "hostile input " + i);
        }
        assertHeapBounded(heapBefore);
    }

    /** Values no payload should carry. */
    static List<JsonNode> hostileValues() {
        List<JsonNode> values = new ArrayList<>();
        values.add(NODES.nullNode());
        values.add(NODES.numberNode(-1));
        values.add(NODES.numberNode(Long.MAX_VALUE));
        values.add(NODES.numberNode(1e308));
        values.add(NODES.booleanNode(true));
        values.add(NODES.textNode(""));
        values.add(NODES.textNode("x".repeat(300_000)));
        values.add(NODES.textNode("\u0000\u202e\uFEFF\uD83D\uDE00 \u00e9\u0301 \uffff \\u0000 ${AWS::NoValue} {{resolve:x}}"));
        values.add(NODES.textNode("\uD800"));
        values.add(NODES.arrayNode());
        values.add(NODES.objectNode());
        values.add(nested(400, true));
        values.add(nested(400, false));
        ArrayNode wide = NODES.arrayNode();
        for (int i = 0; i < 20_000; i++) {
            wide.add(i);
        }
        values.add(wide);
        return values;
    }

    static JsonNode nested(int depth, boolean arrays) {
        JsonNode node = NODES.textNode("deep");
        for (int i = 0; i < depth; i++) {
            node = arrays ? NODES.arrayNode().add(node) : NODES.objectNode().set("k", node);
        }
        return node;
    }

    private static JsonNode answer(byte[] request, String what) {
        byte[] out;
        try {
            out = HookDriver.invokeRaw(request);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            fail(what + ": processRequest threw " + e);
            return null;
        }
        JsonNode answer;
        try {
            answer = HookDriver.JSON.readTree(out);
        } catch (IOException e) {
            fail(what + ": the answer is not JSON: " + new String(out, StandardCharsets.UTF_8));
            return null;
        }
        String problem = HookDriver.problemWith(answer);
        assertNull(problem, () -> what + ": " + problem + " in " + cut(answer.toString()));
        return answer;
    }

    /** Replaces, removes or re-types one node somewhere in the request. */
    static void mutate(ObjectNode root, Random random) {
        List<Object[]> slots = new ArrayList<>();
        collect(root, slots);
        Object[] slot = slots.get(random.nextInt(slots.size()));
        JsonNode parent = (JsonNode) slot[0];
        List<JsonNode> values = hostileValues();
        JsonNode value = switch (random.nextInt(6)) {
            case 0 -> NODES.textNode(random.ints(1 + random.nextInt(40), 0, 0x3000)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
            case 1 -> NODES.numberNode(random.nextInt() - (long) Integer.MAX_VALUE);
            default -> values.get(random.nextInt(values.size()));
        };
        if (parent instanceof ObjectNode o) {
            String key = (String) slot[1];
            switch (random.nextInt(4)) {
                case 0 -> o.remove(key);
                case 1 -> o.set(key + "\u0000x", value);
                default -> o.set(key, value);
            }
        } else if (parent instanceof ArrayNode a) {
            a.set((Integer) slot[1], value);
        }
    }

    private static void collect(JsonNode node, List<Object[]> slots) {
        if (node instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                slots.add(new Object[] {o, k});
                collect(o.get(k), slots);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new Object[] {a, i});
                collect(a.get(i), slots);
            }
        }
    }

    static byte[] byteMutation(byte[] bytes, Random random) {
        byte[] copy = bytes.clone();
        switch (random.nextInt(3)) {
            case 0 -> {
                return java.util.Arrays.copyOf(copy, random.nextInt(copy.length));
            }
            case 1 -> {
                for (int i = 0; i < 1 + random.nextInt(8); i++) {
                    copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                }
                return copy;
            }
            default -> {
                int at = random.nextInt(copy.length);
                byte[] garbage = new byte[1 + random.nextInt(64)];
                random.nextBytes(garbage);
                byte[] out = new byte[copy.length + garbage.length];
                System.arraycopy(copy, 0, out, 0, at);
                System.arraycopy(garbage, 0, out, at, garbage.length);
                System.arraycopy(copy, at, out, at + garbage.length, copy.length - at);
                return out;
            }
        }
    }

    static void set(ObjectNode root, String dottedPath, JsonNode value) {
        String[] parts = dottedPath.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = node.get(parts[i]);
            if (!(next instanceof ObjectNode)) {
                next = node.putObject(parts[i]);
            }
            node = (ObjectNode) next;
        }
        node.set(parts[parts.length - 1], value);
    }

    static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Nothing the fuzzer fed is kept: after a GC the heap is at most 256 MB above where it started. */
    static void assertHeapBounded(long before) {
        long after = usedHeapAfterGc();
        assertTrue(after - before < 256L * 1024 * 1024,
                "heap grew from " + before / 1_048_576 + " MB to " + after / 1_048_576 + " MB");
    }

    private static String cut(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }

    @Test
    void stackTraceDetectorWorks() {
        assertTrue(StackTraces.present("boom\n\tat com.x.Y.z(Y.java:1)"));
        assertTrue(StackTraces.present("software.amazon.awssdk.core.exception.SdkClientException: x"));
        assertTrue(StackTraces.present("Caused by: x"));
        assertFalse(StackTraces.present("Lambda function 'F' breaks 1 of 11 AWS Config rules"));
        assertEquals(null, HookDriver.problemWith(HookDriver.JSON.createObjectNode().put("hookStatus", "SUCCESS")));
        assertTrue(HookDriver.problemWith(HookDriver.JSON.createObjectNode().put("hookStatus", "FAILED")) != null);
    }
}
