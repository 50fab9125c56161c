package com.lambda.tracing.hook;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The executable entry point ({@code cfn test --docker-image}): the request JSON is the first argument, and the
 * response is printed between the markers the cfn CLI looks for. The cfn CLI only runs this class's {@code main}, so
 * it answers through {@link HookHandlerWrapper#processRequest}: the same handlers, logging, temp-directory rule and
 * {@link ResponseGuard} as the Lambda entry point, not a second copy of the plugin wiring.
 */
public final class HookHandlerWrapperExecutable {
    static final String START_MARKER = "__CFN_HOOK_START_RESPONSE__";
    static final String END_MARKER = "__CFN_HOOK_END_RESPONSE__";

    private HookHandlerWrapperExecutable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: HookHandlerWrapperExecutable '<hook invocation request JSON>'");
            System.exit(2);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HookHandlerWrapper().processRequest(new ByteArrayInputStream(args[0].getBytes(StandardCharsets.UTF_8)), out);
        PrintStream stdout = System.out;
        stdout.println(START_MARKER);
        stdout.println(out.toString(StandardCharsets.UTF_8));
        stdout.println(END_MARKER);
        stdout.flush();
    }
}
