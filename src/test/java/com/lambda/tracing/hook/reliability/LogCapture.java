package com.lambda.tracing.hook.reliability;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything the process logs while it is open: every log4j event (message and throwable) of every configured
 * logger, with the hook's own loggers opened to ALL, plus whatever is written to System.out and System.err.
 * Libraries keep the levels the shipped configuration gives them (the AWS SDK and Apache HTTP at WARN).
 */
public final class LogCapture implements AutoCloseable {
    private final List<String> events = new ArrayList<>();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final Map<LoggerConfig, Level> levels = new HashMap<>();
    private final Map<LoggerConfig, Map<String, org.apache.logging.log4j.core.Appender>> muted = new HashMap<>();
    private final AbstractAppender appender;
    private final LoggerContext context;

    public LogCapture() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender = new AbstractAppender("reliability-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
                        .append(event.getMessage().getFormattedMessage());
                if (event.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    event.getThrown().printStackTrace(new PrintWriter(trace));
                    line.append('\n').append(trace);
                }
                synchronized (events) {
                    events.add(line.toString());
                }
            }
        };
        appender.start();
        config.addAppender(appender);
        List<LoggerConfig> loggers = new ArrayList<>(config.getLoggers().values());
        loggers.add(config.getRootLogger());
        for (LoggerConfig logger : loggers) {
            logger.addAppender(appender, Level.ALL, null);
            levels.put(logger, logger.getLevel());
            if (logger.getName().startsWith("com.lambda.tracing.hook")) {
                logger.setLevel(Level.ALL);
                // The console would print every opened-up line into the build log; capture them only.
                Map<String, org.apache.logging.log4j.core.Appender> others = new HashMap<>(logger.getAppenders());
                others.remove(appender.getName());
                others.keySet().forEach(logger::removeAppender);
                muted.put(logger, others);
            }
        }
        context.updateLoggers();
        System.setOut(new PrintStream(capture(stdout), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capture(stderr), true, StandardCharsets.UTF_8));
    }

    private static OutputStream capture(ByteArrayOutputStream copy) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (copy) {
                    copy.write(b, off, len);
                }
            }
        };
    }

    /** Every log event so far, and the captured standard streams. */
    public String everything() {
        StringBuilder all = new StringBuilder();
        synchronized (events) {
            events.forEach(e -> all.append(e).append('\n'));
        }
        synchronized (stdout) {
            all.append(stdout.toString(StandardCharsets.UTF_8));
        }
        synchronized (stderr) {
            all.append(stderr.toString(StandardCharsets.UTF_8));
        }
        return all.toString();
    }

    int eventCount() {
        synchronized (events) {
            return events.size();
        }
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        Configuration config = context.getConfiguration();
        for (Map.Entry<LoggerConfig, Level> e : levels.entrySet()) {
            e.getKey().removeAppender(appender.getName());
            e.getKey().setLevel(e.getValue());
        }
        muted.forEach((logger, appenders) -> appenders.values().forEach(a -> logger.addAppender(a, null, null)));
        context.updateLoggers();
        appender.stop();
    }
}
