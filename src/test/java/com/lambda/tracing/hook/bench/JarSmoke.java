package com.lambda.tracing.hook.bench;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.MasterKeyProvider;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import com.amazonaws.encryptionsdk.kms.KmsMasterKey;
import com.lambda.tracing.hook.ClientBuilder;
import com.lambda.tracing.hook.HookHandlerWrapper;
import com.lambda.tracing.hook.rules.RuleCatalog;
import com.lambda.tracing.hook.rules.RuleDefinition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.cloudformation.HookAbstractWrapper;
import software.amazon.cloudformation.encryption.KMSCipher;
import software.amazon.cloudformation.proxy.Credentials;

/**
 * Proves the trimmed shaded jar still does everything the hook can need in Lambda. Run on the shaded jar (not on
 * target/classes) by {@code mvn verify}: {@code java -cp <hook jar>:<the bench classes only> ...bench.JarSmoke <jar>}.
 *
 * <ol>
 *   <li>the plugin's credential decryption path (KMSCipher → AWS Encryption SDK → BouncyCastle ASN.1/Base64) on a
 *       payload encrypted with the SDK's default, ECDSA-signed algorithm suite; a local AES key stands in for KMS;</li>
 *   <li>KMSCipher built the way the wrapper builds it (STS and KMS clients of SDK v1), without calling AWS;</li>
 *   <li>the CloudWatch Logs and CloudWatch clients the wrapper builds for log and metric delivery;</li>
 *   <li>every class of the hook, the plugin and the Encryption SDK loads with all its member signatures resolved,
 *       except the resource-handler-only classes whose SDK clients are excluded on purpose;</li>
 *   <li>the jar holds none of the command-line tool's packages (cli, local, transform), nor findings, nor the YAML
 *       reader only the tool uses: those ship in their own jars;</li>
 *   <li>one real hook invocation (log4j, Jackson, the Config client) against an instant endpoint.</li>
 * </ol>
 */
public final class JarSmoke {
    /**
     * Classes that need excluded artifacts and that a hook never loads: the resource-handler wrapper's CloudFormation
     * callback and CloudWatch Events re-invocation, and the Encryption SDK's optional SDK-v2 KMS keyring (the SDK-v2
     * KMS client was never a dependency).
     */
    static final Set<String> EXPECTED_UNLINKABLE_PREFIXES = Set.of(
            "software.amazon.cloudformation.scheduler.",
            "software.amazon.cloudformation.injection.CloudFormationProvider",
            "software.amazon.cloudformation.injection.CloudWatchEventsProvider",
            "software.amazon.cloudformation.proxy.CloudFormationCallbackAdapter",
            "com.amazonaws.encryptionsdk.kmssdkv2.");

    private JarSmoke() {
    }

    public static void main(String[] args) throws Exception {
        List<String> failures = new ArrayList<>();
        check("encrypted caller credentials decrypt (signed suite)", failures, JarSmoke::decryptPath);
        check("KMSCipher built as the wrapper builds it", failures, JarSmoke::kmsCipher);
        check("CloudWatch Logs and CloudWatch clients", failures, JarSmoke::deliveryClients);
        check("no command-line, emulator, transform or findings classes", failures, () -> hookOnly(Path.of(args[0])));
        check("hook, plugin and Encryption SDK classes link", failures, () -> linkAll(Path.of(args[0])));
        check("one hook invocation", failures, JarSmoke::invocation);
        if (!failures.isEmpty()) {
            System.err.println("jar smoke FAILED:\n  " + String.join("\n  ", failures));
            System.exit(1);
        }
        System.out.println("jar smoke: all checks passed on " + args[0]);
        System.exit(0);
    }

    private interface Check {
        void run() throws Exception;
    }

    private static void check(String name, List<String> failures, Check check) {
        try {
            check.run();
            System.out.println("jar smoke: ok   " + name);
        } catch (Throwable t) {
            failures.add(name + ": " + t);
            t.printStackTrace();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void decryptPath() {
        JceMasterKey key = JceMasterKey.getInstance(new SecretKeySpec(new byte[32], "AES"), "bench", "key-1",
                "AES/GCM/NoPadding");
        AwsCrypto crypto = AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt).build();
        String json = "{\"accessKeyId\":\"AKIDSMOKE\",\"secretAccessKey\":\"secret\",\"sessionToken\":\"token\"}";
        byte[] encrypted = crypto.encryptData(key, json.getBytes(StandardCharsets.UTF_8)).getResult();
        // Erasure lets a local JCE key stand in for the KMS key provider: the decrypt code path is the plugin's own.
        KMSCipher cipher = new KMSCipher(crypto, (MasterKeyProvider<KmsMasterKey>) (MasterKeyProvider) key);
        Credentials credentials = cipher.decryptCredentials(Base64.getEncoder().encodeToString(encrypted));
        if (credentials == null || !"AKIDSMOKE".equals(credentials.getAccessKeyId())) {
            throw new IllegalStateException("decrypted credentials do not match: " + credentials);
        }
    }

    private static void kmsCipher() {
        try {
            new KMSCipher("arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
                    "arn:aws:iam::123456789012:role/smoke-key-role");
        } catch (LinkageError e) {
            throw e;
        } catch (RuntimeException e) {
            // Without AWS access the builders may refuse; a missing class would have been a LinkageError.
            System.out.println("jar smoke: note KMSCipher constructor said " + e);
        }
    }

    private static void deliveryClients() {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "x"));
        CloudWatchLogsClient.builder().httpClient(HookAbstractWrapper.HTTP_CLIENT).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build().close();
        CloudWatchClient.builder().httpClient(HookAbstractWrapper.HTTP_CLIENT).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build().close();
    }

    private static void linkAll(Path jar) throws IOException {
        List<String> broken = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        int linked = 0;
        for (String name : entryNames(jar)) {
            if (!name.endsWith(".class") || name.startsWith("META-INF/")
                    || LINKED_PREFIXES.stream().noneMatch(name::startsWith)) {
                continue;
            }
            String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
            try {
                Class<?> c = Class.forName(className, false, JarSmoke.class.getClassLoader());
                c.getDeclaredFields();
                c.getDeclaredMethods();
                c.getDeclaredConstructors();
                linked++;
            } catch (LinkageError | ClassNotFoundException e) {
                if (EXPECTED_UNLINKABLE_PREFIXES.stream().noneMatch(className::startsWith)) {
                    broken.add(className + " (" + e + ")");
                } else {
                    expected.add(className.substring(className.lastIndexOf('.') + 1));
                }
            }
        }
        if (!broken.isEmpty()) {
            throw new IllegalStateException(broken.size() + " classes do not link: " + broken);
        }
        System.out.println("jar smoke: " + linked + " classes linked; without their SDK clients, as expected: "
                + expected);
    }

    /** What the tool jar holds and the hook jar must not: a deployable hook never loads the tool or the emulator. */
    static final List<String> FORBIDDEN_PREFIXES = List.of("com/lambda/tracing/hook/cli/", "com/lambda/tracing/hook/local/",
            "com/lambda/tracing/hook/transform/", "com/lambda/tracing/hook/findings/", "org/yaml/snakeyaml/",
            "com/fasterxml/jackson/dataformat/yaml/");
    /** The classes whose member signatures must all resolve inside the hook jar. */
    static final List<String> LINKED_PREFIXES = List.of("com/lambda/tracing/hook/", "software/amazon/cloudformation/",
            "com/amazonaws/encryptionsdk/");

    private static void hookOnly(Path jar) throws IOException {
        List<String> found = new ArrayList<>();
        int hookClasses = 0;
        for (String name : entryNames(jar)) {
            if (FORBIDDEN_PREFIXES.stream().anyMatch(name::startsWith) && !name.endsWith("/")) {
                found.add(name);
            }
            if (name.startsWith("com/lambda/tracing/hook/") && name.endsWith(".class")) {
                hookClasses++;
            }
        }
        if (!found.isEmpty()) {
            throw new IllegalStateException(found.size() + " entries belong in the tool jar: "
                    + found.subList(0, Math.min(10, found.size())));
        }
        if (JarSmoke.class.getClassLoader().getResource("com/lambda/tracing/hook/cli/Main.class") != null) {
            throw new IllegalStateException("the command-line classes are on the smoke test's class path: it proves nothing");
        }
        System.out.println("jar smoke: " + hookClasses + " hook classes, none of " + FORBIDDEN_PREFIXES);
    }

    private static List<String> entryNames(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).toList();
        }
    }

    private static void invocation() throws Exception {
        try (CannedConfigEndpoint endpoint = new CannedConfigEndpoint(
                RuleCatalog.bundled().all().stream().map(RuleDefinition::name).toList())) {
            System.setProperty(ClientBuilder.ENDPOINT_PROPERTY, endpoint.url());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] request = Bench.json().writeValueAsBytes(Bench.preCreateRequest("jar-smoke-token"));
            new HookHandlerWrapper().processRequest(new ByteArrayInputStream(request), out);
            String response = out.toString(StandardCharsets.UTF_8);
            if (!response.contains("\"hookStatus\":\"SUCCESS\"")) {
                throw new IllegalStateException("the hook did not succeed: " + response);
            }
        }
    }
}
