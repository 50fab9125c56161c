package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lambda.tracing.hook.local.ConfigEndpoint;
import com.lambda.tracing.hook.rules.RuleCatalog;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code check --endpoint} credentials: long-term keys are exchanged through STS only for AWS endpoints; any other
 * endpoint gets them with a placeholder session token. STS here is a local server speaking the STS Query protocol,
 * reached through the SDKs' standard {@code AWS_ENDPOINT_URL_STS}, so nothing leaves the machine.
 */
class RealCredentialsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_ID = "AKIDSTATICTEST";
    private static final String SECRET = "static-secret-never-printed";

    @TempDir
    Path dir;

    private FakeSts sts;

    @AfterEach
    void down() {
        if (sts != null) {
            sts.close();
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.sessionToken");
    }

    @Test
    void awsEndpointsAreThoseInAnAwsPartitionsDomain() {
        for (String aws : List.of("https://config.us-east-1.amazonaws.com", "https://CONFIG.EU-WEST-1.AMAZONAWS.COM.",
                "https://config-fips.us-gov-west-1.amazonaws.com", "https://vpce-0a1b2c3d-4e5f.config.us-east-1.vpce.amazonaws.com",
                "https://config.cn-north-1.amazonaws.com.cn", "https://config.us-east-1.api.aws",
                "https://config.cn-north-1.api.amazonwebservices.com.cn", "https://config.eusc-de-east-1.amazonaws.eu",
                "https://config.us-iso-east-1.c2s.ic.gov", "https://config.us-isob-east-1.sc2s.sgov.gov",
                "https://config.eu-isoe-west-1.cloud.adc-e.uk", "https://config.us-isof-south-1.csp.hci.ic.gov",
                "https://config.us-east-1.amazonaws.com:443/")) {
            assertTrue(RealCredentials.isAwsEndpoint(URI.create(aws)), aws);
        }
        for (String other : List.of("http://127.0.0.1:4566", "http://localhost:8080", "http://[::1]:9000",
                "https://localhost.localstack.cloud:4566", "https://config.us-east-1.amazonaws.com.attacker.example",
                "https://evilamazonaws.com", "https://amazonaws.com", "https://x.notapi.aws", "https://proxy.internal",
                "https://amazonaws.com.cn.example.org")) {
            assertFalse(RealCredentials.isAwsEndpoint(URI.create(other)), other);
        }
    }

    @Test
    void staticKeysForALocalEndpointGetAPlaceholderSessionTokenAndNoStsCall() throws Exception {
        sts = FakeSts.start(FakeSts.SESSION);
        staticKeys();
        ByteArrayOutputStream verbose = new ByteArrayOutputStream();
        JsonNode c = JSON.readTree(RealCredentials.json(URI.create("http://127.0.0.1:4566"), "us-east-1",
                new PrintStream(verbose, true, StandardCharsets.UTF_8), sts.env()));
        assertEquals(KEY_ID, c.get("accessKeyId").asText());
        assertEquals(SECRET, c.get("secretAccessKey").asText());
        assertEquals(RealCredentials.PLACEHOLDER_SESSION_TOKEN, c.get("sessionToken").asText());
        assertEquals(0, sts.calls.size());
        String note = verbose.toString(StandardCharsets.UTF_8);
        assertTrue(note.contains("127.0.0.1 is not an AWS endpoint") && note.contains("placeholder session token"), note);
        assertFalse(note.contains(SECRET) || note.contains(KEY_ID), note);
    }

    @Test
    void staticKeysForAnAwsEndpointAreExchangedThroughSts() throws Exception {
        sts = FakeSts.start(FakeSts.SESSION);
        staticKeys();
        JsonNode c = JSON.readTree(RealCredentials.json(URI.create("https://config.eu-west-1.amazonaws.com"), "eu-west-1",
                null, sts.env()));
        assertEquals("ASIASESSIONTEST", c.get("accessKeyId").asText());
        assertEquals("session-secret", c.get("secretAccessKey").asText());
        assertEquals("session-token-from-sts", c.get("sessionToken").asText());
        assertEquals(1, sts.calls.size());
        assertTrue(sts.calls.get(0).contains("Action=GetSessionToken") && sts.calls.get(0).contains("DurationSeconds=3600"),
                sts.calls.get(0));
    }

    @Test
    void sessionCredentialsAreUsedAsTheyAreForAnyEndpoint() throws Exception {
        sts = FakeSts.start(FakeSts.SESSION);
        staticKeys();
        System.setProperty("aws.sessionToken", "my-own-session");
        for (String endpoint : List.of("http://127.0.0.1:1", "https://config.us-east-1.amazonaws.com")) {
            JsonNode c = JSON.readTree(RealCredentials.json(URI.create(endpoint), "us-east-1", null, sts.env()));
            assertEquals("my-own-session", c.get("sessionToken").asText());
        }
        assertEquals(0, sts.calls.size());
    }

    @Test
    void anStsFailureForAnAwsEndpointIsAClearUsageError() throws Exception {
        sts = FakeSts.start(FakeSts.INVALID_TOKEN);
        staticKeys();
        UsageException e = assertThrows(UsageException.class, () -> RealCredentials.json(
                URI.create("https://config.us-east-1.amazonaws.com"), "us-east-1", null, sts.env()));
        assertTrue(e.getMessage().contains("config.us-east-1.amazonaws.com is an AWS endpoint")
                && e.getMessage().contains("STS GetSessionToken failed") && e.getMessage().contains("InvalidClientTokenId"),
                e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }

    /** The user's situation from the issue: a child process with static keys only, a local endpoint, no network. */
    @Test
    void checkAgainstALocalEndpointWithStaticKeysWorksOffline() throws Exception {
        sts = FakeSts.start(FakeSts.INVALID_TOKEN);
        Path root = Paths.get(System.getProperty("project.basedir", ".")).toAbsolutePath();
        Path template = Files.writeString(dir.resolve("static-keys.yaml"), String.join("\n",
                "Resources:",
                "  OldRuntime:",
                "    Type: AWS::Lambda::Function",
                "    Properties:",
                "      Runtime: python3.7",
                "      Handler: index.handler",
                "      Role: arn:aws:iam::123456789012:role/static-keys-test",
                "      Code: {ZipFile: 'def handler(e, c): return 1'}",
                ""));
        try (ConfigEndpoint endpoint = ConfigEndpoint.builder().rules(RuleCatalog.load(root.resolve("rules"))).start()) {
            Child local = check(dir, "--verbose", "--format", "json", "--endpoint", endpoint.uri().toString(), template.toString());
            assertEquals(1, local.code(), local.err());
            JsonNode f = JSON.readTree(local.out()).at("/templates/0/functions/0");
            assertEquals("OldRuntime", f.get("logicalId").asText());
            assertEquals("NON_COMPLIANT", f.get("verdict").asText(), f.toString());
            assertEquals(1, endpoint.stats().startCalls("OldRuntime"));
            assertTrue(local.err().contains("is not an AWS endpoint") && local.err().contains("placeholder session token"),
                    local.err());
            assertFalse(local.err().contains(SECRET) || local.out().contains(SECRET));
            assertEquals(0, sts.calls.size(), "STS was called for a local endpoint");
        }
        Child aws = check(dir, "--endpoint", "https://config.us-east-1.amazonaws.com", template.toString());
        assertEquals(2, aws.code(), aws.out() + aws.err());
        assertEquals(1, sts.calls.size());
        List<String> lines = aws.err().lines().filter(l -> l.startsWith("lambda-hook:")).toList();
        assertEquals(1, lines.size(), aws.err());
        assertTrue(lines.get(0).contains("STS GetSessionToken failed") && lines.get(0).contains("InvalidClientTokenId"), lines.get(0));
        assertFalse(aws.err().contains("\tat "), "no stack trace: " + aws.err());
    }

    private void staticKeys() {
        System.setProperty("aws.accessKeyId", KEY_ID);
        System.setProperty("aws.secretAccessKey", SECRET);
    }

    private record Child(int code, String out, String err) {
    }

    private Child check(Path work, String... args) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")),
                "-Dcfnguard.path=" + System.getProperty("cfnguard.path"), "com.lambda.tracing.hook.cli.Main", "check"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET);
        env.put("AWS_CONFIG_FILE", work.resolve("none-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("none-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.putAll(sts.envMap());
        env.put("XDG_CACHE_HOME", Files.createDirectories(work.resolve("cache")).toString());
        pb.redirectOutput(work.resolve("out.txt").toFile());
        pb.redirectError(work.resolve("err.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "check hung");
        return new Child(p.exitValue(), Files.readString(work.resolve("out.txt")), Files.readString(work.resolve("err.txt")));
    }

    /** STS on loopback, answering every call with one canned Query-protocol response and recording the request. */
    private static final class FakeSts implements AutoCloseable {
        static final String SESSION = "200:<GetSessionTokenResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<GetSessionTokenResult><Credentials><SessionToken>session-token-from-sts</SessionToken>"
                + "<SecretAccessKey>session-secret</SecretAccessKey><Expiration>2030-01-01T00:00:00Z</Expiration>"
                + "<AccessKeyId>ASIASESSIONTEST</AccessKeyId></Credentials></GetSessionTokenResult>"
                + "<ResponseMetadata><RequestId>5d2a1b7e-0000-4000-8000-000000000001</RequestId></ResponseMetadata>"
                + "</GetSessionTokenResponse>";
        static final String INVALID_TOKEN = "403:<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>"
                + "<Message>The security token included in the request is invalid.</Message></Error>"
                + "<RequestId>5d2a1b7e-0000-4000-8000-000000000002</RequestId></ErrorResponse>";

        final List<String> calls = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        private FakeSts(HttpServer server) {
            this.server = server;
        }

        static FakeSts start(String answer) throws Exception {
            int status = Integer.parseInt(answer.substring(0, 3));
            byte[] body = answer.substring(4).getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            FakeSts sts = new FakeSts(server);
            server.createContext("/", exchange -> {
                sts.calls.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.getResponseHeaders().add("Content-Type", "text/xml");
                exchange.getResponseHeaders().add("x-amzn-RequestId", "5d2a1b7e-0000-4000-8000-000000000003");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return sts;
        }

        Map<String, String> envMap() {
            return Map.of(RealCredentials.STS_ENDPOINT_VARIABLE, "http://127.0.0.1:" + server.getAddress().getPort());
        }

        java.util.function.UnaryOperator<String> env() {
            Map<String, String> m = envMap();
            return m::get;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
