package com.lambda.tracing.hook;

import com.lambda.tracing.hook.evaluation.Masking;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.cloudformation.loggers.LogPublisher;

/**
 * Sends the plugin's log lines (and the hook's decision lines) to log4j2. The wrapper installs it as its platform
 * publisher, so the same lines reach the Lambda log in AWS and stderr anywhere else; without one, the plugin fails
 * on its first log line when the wrapper is called through {@code processRequest} directly.
 */
final class Log4jLogPublisher extends LogPublisher {
    private static final Logger LOG = LogManager.getLogger("com.lambda.tracing.hook");

    @Override
    protected void publishMessage(String message) {
        if (message != null) {
            // The plugin logs SDK error messages as they come, and a validation error can quote a property value.
            LOG.info(Masking.maskText(message.stripTrailing()));
        }
    }
}
