package com.lambda.tracing.hook.findings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lambda.tracing.hook.rules.RuleCatalog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.jar.JarFile;

/**
 * {@code mvn verify}: the findings jar alone (with only this class and the two local endpoints beside it) takes
 * the sample failure event through the real SDK and imports the finding, with the rule catalog bundled in the jar;
 * and the jar holds nothing of the hook, the command line or the embedded Config endpoint.
 * Usage: {@code java -cp FINDINGS_JAR:SMOKE_CLASSES com.lambda.tracing.hook.findings.FindingsJarSmoke FINDINGS_JAR}.
 */
public final class FindingsJarSmoke {
    private static final List<String> FORBIDDEN = List.of("com/lambda/tracing/hook/cli/", "com/lambda/tracing/hook/local/",
            "com/lambda/tracing/hook/transform/", "com/lambda/tracing/hook/HookHandlerWrapper",
            "software/amazon/awssdk/services/config/", "software/amazon/cloudformation/");

    private FindingsJarSmoke() {
    }

    public static void main(String[] args) throws Exception {
        try (JarFile jar = new JarFile(Path.of(args[0]).toFile())) {
            jar.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(n -> FORBIDDEN.stream().anyMatch(n::startsWith)).findFirst()
                    .ifPresent(n -> fail("the findings jar holds " + n));
        }
        String source = FindingsHandler.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        if (!source.endsWith(".jar")) {
            fail("FindingsHandler was loaded from " + source + ", not from the findings jar");
        }
        if (RuleCatalog.bundled().find("lambda-tracing-active").isEmpty()) {
            fail("the findings jar does not bundle the rule catalog");
        }
        System.setProperty("aws.accessKeyId", "AKIDFINDINGSSMOKE");
        System.setProperty("aws.secretAccessKey", "smoke");
        System.setProperty("aws.region", "eu-west-1");
        ObjectMapper json = new ObjectMapper();
        byte[] event;
        try (InputStream in = FindingsJarSmoke.class.getResourceAsStream("/findings/hook-failure-event.json")) {
            event = in.readAllBytes();
        }
        try (FakeSecurityHub hub = new FakeSecurityHub(); FakeCloudFormation cfn = new FakeCloudFormation()) {
            cfn.add("arn:aws:cloudformation:eu-west-1:111122223333:type/hook/Lambda-Tracing-Hook", "HOOK_COMPLETE_FAILED",
                    "OrdersFunction",
                    "arn:aws:cloudformation:eu-west-1:111122223333:stack/orders-service/1f3b6c40-af1e-11f0-9c1a-0a1b2c3d4e5f",
                    Instant.parse("2026-11-30T14:05:10Z"), "blocked", List.of(new FakeCloudFormation.Annotation(
                            "lambda-tracing-active", "FAILED", "MEDIUM", "TracingConfig.Mode is not Active", null, null)));
            FindingsHandler handler = new FindingsHandler(FindingsClients.withEndpoints(hub.url(), cfn.url()),
                    RuleCatalog.bundled());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
            JsonNode answer = json.readTree(out.toByteArray());
            if (!"IMPORTED".equals(answer.path("result").asText()) || hub.findings().size() != 1) {
                fail("the findings jar did not import the sample failure: " + answer);
            }
            JsonNode finding = hub.findings().values().iterator().next();
            if (!finding.path("Remediation").path("Recommendation").path("Text").asText().contains("TracingConfig")) {
                fail("the finding lacks the catalog's fix: " + finding);
            }
        }
        System.out.println("findings jar: " + args[0] + " imports the sample failure on its own");
    }

    private static void fail(String message) {
        System.err.println("FindingsJarSmoke: " + message);
        System.exit(1);
    }
}
