package com.lambda.tracing.hook.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskingTest {
    static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String SESSION_KEY = "ASIAY34FZKBOKMUTVV7A";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----";

    @Test
    void environmentValuesAndSecretShapedValuesAreMasked() throws Exception {
        Map<String, Object> properties = Map.of(
                "FunctionName", "orders",
                "Environment", Map.of("Variables", Map.of("DB_URL", "postgres://u:p@db/orders", "STAGE", "prod")),
                "Description", "uses " + ACCESS_KEY,
                "Tags", List.of(Map.of("Key", "owner", "Value", "team-a"), Map.of("Key", "pem", "Value", PEM)),
                "Code", Map.of("ZipFile", "password = 'hunter2'"),
                "DbPassword", "hunter2",
                "KmsKeyArn", "arn:aws:kms:us-east-1:1:key/abc");

        String logged = new ObjectMapper().writeValueAsString(Masking.maskProperties(properties));

        assertFalse(logged.contains("postgres://"), logged);
        assertFalse(logged.contains("prod"), logged);
        assertFalse(logged.contains(ACCESS_KEY), logged);
        assertFalse(logged.contains("MIIEowIBAAKCAQEA7"), logged);
        assertFalse(logged.contains("hunter2"), logged);
        assertTrue(logged.contains("\"FunctionName\":\"orders\""), logged);
        assertTrue(logged.contains("team-a"), logged);
        assertTrue(logged.contains("arn:aws:kms:us-east-1:1:key/abc"), logged);
        assertTrue(logged.contains("\"DB_URL\":\"****\""), logged);
        assertTrue(logged.contains("<20 characters>"), logged);
    }

    @Test
    void freeTextLosesKeysAndAssignedSecrets() {
        String text = "found " + SESSION_KEY + " and aws_secret_access_key=" + SECRET_KEY + ", token: abc123 api_key=\"zzz\"";

        String masked = Masking.maskText(text);

        assertFalse(masked.contains(SESSION_KEY), masked);
        assertFalse(masked.contains(SECRET_KEY), masked);
        assertFalse(masked.contains("abc123"), masked);
        assertFalse(masked.contains("zzz"), masked);
        assertTrue(masked.startsWith("found ****"), masked);
    }

    @Test
    void ordinaryTextIsUntouched() {
        String text = "TracingConfig.Mode is PassThrough; set it to Active (see https://docs.aws.amazon.com/lambda/).";
        assertEquals(text, Masking.maskText(text));
        assertEquals(null, Masking.maskText(null));
    }

    @Test
    void dynamicReferencesStayReadableButSecretAssignmentsDoNot() {
        String fix = "pass its ARN or a {{resolve:secretsmanager:prod/db:SecretString:password}} reference";
        assertEquals(fix, Masking.maskText(fix));
        assertFalse(Masking.maskText("secret_token: hunter2").contains("hunter2"));
        assertFalse(Masking.maskText("secretsmanager_token=hunter2").contains("hunter2"));
    }
}
