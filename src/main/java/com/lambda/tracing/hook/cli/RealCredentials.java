package com.lambda.tracing.hook.cli;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.securitytoken.AWSSecurityTokenService;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClientBuilder;
import com.amazonaws.services.securitytoken.model.GetSessionTokenRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * With --endpoint the hook calls that endpoint, so CloudFormation's callerCredentials become the user's own. The
 * plugin needs temporary credentials (with a session token). For an AWS endpoint, long-term keys are exchanged for a
 * one-hour session through STS GetSessionToken; any other endpoint (LocalStack, {@code lambda-hook serve}, a proxy)
 * gets the keys as they are with a placeholder session token, because STS cannot vouch for it and may not be
 * reachable from where it runs.
 */
final class RealCredentials {
    /** Sent as the session token to endpoints that are not AWS's; never a real token. */
    static final String PLACEHOLDER_SESSION_TOKEN = "lambda-hook-placeholder-session-token";
    /**
     * The DNS suffixes of the AWS partitions (commercial, China, GovCloud, the ISO partitions and the European
     * Sovereign Cloud) and their dual-stack forms, as the SDKs' partition data lists them.
     */
    private static final List<String> AWS_DNS_SUFFIXES = List.of("amazonaws.com", "api.aws", "amazonaws.com.cn",
            "api.amazonwebservices.com.cn", "amazonaws.eu", "api.amazonwebservices.eu", "c2s.ic.gov", "api.aws.ic.gov",
            "sc2s.sgov.gov", "api.aws.scloud", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", "csp.hci.ic.gov",
            "api.aws.hci.ic.gov");
    /** The SDKs' standard variable for a service-specific endpoint (e.g. an STS VPC endpoint). */
    static final String STS_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_STS";
    /**
     * The v1 SDK (the STS client here) logs a missing AWS_CONFIG_FILE as a warning with a stack trace on stderr; a
     * failure that matters reaches the user as this class's message instead. Held here because JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger V1_SDK_LOG = java.util.logging.Logger.getLogger("com.amazonaws");

    private RealCredentials() {
    }

    /** True when the host of {@code endpoint} lies in an AWS partition's domain, so STS can vouch for it. */
    static boolean isAwsEndpoint(URI endpoint) {
        String host = endpoint.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        for (String suffix : AWS_DNS_SUFFIXES) {
            if (host.endsWith("." + suffix)) {
                return true;
            }
        }
        return false;
    }

    /** The callerCredentials JSON for {@code endpoint}; {@code verbose} (may be null) hears which kind was chosen. */
    static String json(URI endpoint, String region, PrintStream verbose) {
        return json(endpoint, region, verbose, System::getenv);
    }

    static String json(URI endpoint, String region, PrintStream verbose, UnaryOperator<String> env) {
        AwsCredentials c;
        try (DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build()) {
            c = provider.resolveCredentials();
        } catch (RuntimeException e) {
            throw new UsageException("--endpoint needs AWS credentials (environment, profile or SSO): "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("none found"));
        }
        if (c instanceof AwsSessionCredentials) {
            return json(c.accessKeyId(), c.secretAccessKey(), ((AwsSessionCredentials) c).sessionToken());
        }
        if (!isAwsEndpoint(endpoint)) {
            if (verbose != null) {
                verbose.println("lambda-hook: " + endpoint.getHost() + " is not an AWS endpoint: using your long-term "
                        + "keys with a placeholder session token (no STS GetSessionToken call)");
            }
            return json(c.accessKeyId(), c.secretAccessKey(), PLACEHOLDER_SESSION_TOKEN);
        }
        System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
        V1_SDK_LOG.setLevel(java.util.logging.Level.SEVERE);
        AWSSecurityTokenService sts = null;
        try {
            AWSSecurityTokenServiceClientBuilder builder = AWSSecurityTokenServiceClientBuilder.standard()
                    .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(c.accessKeyId(), c.secretAccessKey())));
            String stsEndpoint = env.apply(STS_ENDPOINT_VARIABLE);
            if (stsEndpoint != null && !stsEndpoint.isBlank()) {
                builder.withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(stsEndpoint.strip(), region));
            } else {
                builder.withRegion(region);
            }
            sts = builder.build();
            com.amazonaws.services.securitytoken.model.Credentials session =
                    sts.getSessionToken(new GetSessionTokenRequest().withDurationSeconds(3600)).getCredentials();
            if (verbose != null) {
                verbose.println("lambda-hook: exchanged your long-term keys for a one-hour session (STS GetSessionToken)");
            }
            return json(session.getAccessKeyId(), session.getSecretAccessKey(), session.getSessionToken());
        } catch (RuntimeException e) {
            throw new UsageException("--endpoint " + endpoint.getHost() + " is an AWS endpoint and needs temporary AWS "
                    + "credentials (with a session token), and STS GetSessionToken failed: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        } finally {
            if (sts != null) {
                sts.shutdown();
            }
        }
    }

    private static String json(String accessKeyId, String secretAccessKey, String sessionToken) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("accessKeyId", accessKeyId);
        o.put("secretAccessKey", secretAccessKey);
        o.put("sessionToken", sessionToken);
        return o.toString();
    }
}
