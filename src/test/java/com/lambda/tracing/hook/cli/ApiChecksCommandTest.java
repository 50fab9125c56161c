package com.lambda.tracing.hook.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A SAM template whose API the translator rejects (its functions are valid): {@code transform} and {@code check}
 * both stop with exit code 2 and one line naming the API and the problem, as CloudFormation fails the stack.
 */
class ApiChecksCommandTest {
    private static final String PROBLEM = "Resource with id [Chat] is invalid. Request parameters are only supported"
            + " for the $connect route in WebSocket APIs.";

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        CheckCommandTest.setUp();
    }

    @Test
    void anApiSamRejectsStopsTransformAndCheck() throws Exception {
        Path template = tmp.resolve("chat.yaml");
        Files.writeString(template, String.join("\n",
                "Transform: AWS::Serverless-2016-10-31",
                "Resources:",
                "  Fn:",
                "    Type: AWS::Serverless::Function",
                "    Properties: {InlineCode: x, Handler: index.handler, Runtime: python3.12, Tracing: Active}",
                "  Chat:",
                "    Type: AWS::Serverless::WebSocketApi",
                "    Properties:",
                "      RouteSelectionExpression: $request.body.action",
                "      Routes:",
                "        $default:",
                "          FunctionArn: !GetAtt Fn.Arn",
                "          RequestParameters: {route.request.querystring.room: {Required: true}}",
                ""));
        for (String command : new String[] {"transform", "check"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(new String[] {command, template.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String message = err.toString(StandardCharsets.UTF_8).trim();
            assertEquals(2, code, command + ": " + message + out);
            assertEquals(1, message.lines().count(), message);
            assertTrue(message.contains("chat.yaml") && message.endsWith(PROBLEM), command + ": " + message);
        }
    }
}
