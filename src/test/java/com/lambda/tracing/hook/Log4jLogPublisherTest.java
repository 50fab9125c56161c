package com.lambda.tracing.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

class Log4jLogPublisherTest {

    /** Collects what reaches log4j2. */
    static final class Capture extends AbstractAppender {
        final List<String> lines = new ArrayList<>();

        Capture() {
            super("capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            lines.add(event.getMessage().getFormattedMessage());
        }
    }

    @Test
    void pluginLinesReachLog4jMaskedAndWithoutTrailingNewline() {
        Logger logger = (Logger) LogManager.getLogger("com.lambda.tracing.hook");
        Level previous = logger.getLevel();
        Capture capture = new Capture();
        capture.start();
        logger.addAppender(capture);
        logger.setLevel(Level.INFO);
        try {
            new Log4jLogPublisher().publishLogEvent("Failed to execute remote function: {password=hunter2 key AKIAIOSFODNN7EXAMPLE}\n");
        } finally {
            logger.removeAppender(capture);
            logger.setLevel(previous);
        }

        assertEquals(1, capture.lines.size());
        String line = capture.lines.get(0);
        assertFalse(line.contains("hunter2"), line);
        assertFalse(line.contains("AKIAIOSFODNN7EXAMPLE"), line);
        assertTrue(line.startsWith("Failed to execute remote function"), line);
        assertFalse(line.endsWith("\n"));
    }
}
