package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.lambda.tracing.hook.common.LambdaFunctionSchema;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.json.JSONObject;
import org.json.JSONTokener;
import software.amazon.cloudformation.resource.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The CloudFormation-schema check Config runs on a {@code StartResourceEvaluation}, driven by the registry schema
 * file ({@link LambdaFunctionSchema#RESOURCE}) through the CloudFormation plugin's resource-schema validator.
 *
 * <p>Loading the schema (the plugin first checks it against the resource-definition meta-schema) takes hundreds of
 * milliseconds, validating one document a fraction of a millisecond, so the schema is loaded once per process, in
 * the background from the first endpoint that checks schemas ({@link #preload}).
 *
 * <p>Reported are the violations the evaluation cannot go on without: a required property missing and a value of
 * the wrong JSON type, at any depth, in the validator's own wording ({@code #/MemorySize: expected type: Integer,
 * found: String}); neither quotes the value, so no environment value reaches a message. Patterns, lengths, enums and
 * unknown keys are left to CloudFormation, as before: a placeholder ARN or a newer property must not stop the rules
 * from running. A JSON null counts as absent.
 */
final class RegistrySchema {
    private static final String LAMBDA = "AWS::Lambda::Function";
    private static final Set<String> REPORTED = Set.of("required", "type");
    private static CompletableFuture<Schema> lambda;

    private RegistrySchema() {
    }

    /** Starts loading the schema on a background thread, unless it is loaded or loading already. */
    static synchronized CompletableFuture<Schema> preload() {
        if (lambda == null) {
            lambda = new CompletableFuture<>();
            Thread loader = new Thread(() -> {
                try {
                    lambda.complete(load());
                } catch (RuntimeException | Error e) {
                    lambda.completeExceptionally(e);
                }
            }, "registry-schema-loader");
            loader.setDaemon(true);
            loader.start();
        }
        return lambda;
    }

    private static Schema load() {
        try (InputStream in = RegistrySchema.class.getResourceAsStream(LambdaFunctionSchema.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(LambdaFunctionSchema.RESOURCE + " is not in the jar");
            }
            return new Validator().loadResourceDefinitionSchema(new JSONObject(new JSONTokener(in)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + LambdaFunctionSchema.RESOURCE, e);
        }
    }

    /** The problems of {@code properties} for {@code resourceType} (sorted), empty when fine or not a Lambda function. */
    static List<String> problems(String resourceType, JsonNode properties) {
        List<String> problems = new ArrayList<>();
        if (!LAMBDA.equals(resourceType)) {
            return problems;
        }
        Schema schema;
        try {
            schema = preload().join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the bundled " + LAMBDA + " schema cannot be loaded", e.getCause());
        }
        try {
            schema.validate(new JSONObject(Json.write(properties)));
        } catch (ValidationException e) {
            collect(e, problems);
        }
        problems.sort(null);
        return problems;
    }

    private static void collect(ValidationException e, List<String> problems) {
        if (!e.getCausingExceptions().isEmpty()) {
            e.getCausingExceptions().forEach(cause -> collect(cause, problems));
            return;
        }
        if (REPORTED.contains(e.getKeyword()) && !e.getMessage().endsWith("found: Null")) {
            problems.add(e.getMessage());
        }
    }
}
