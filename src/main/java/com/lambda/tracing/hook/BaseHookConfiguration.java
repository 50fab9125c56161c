package com.lambda.tracing.hook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.json.JSONObject;
import org.json.JSONTokener;

/** Loads the hook schema from the jar root, where the build puts it (the shape {@code cfn generate} would write). */
public abstract class BaseHookConfiguration {
    private final String schemaFilename;

    protected BaseHookConfiguration(String schemaFilename) {
        this.schemaFilename = schemaFilename;
    }

    public String getSchemaFilename() {
        return schemaFilename;
    }

    public JSONObject hookSchemaJSONObject() {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(schemaFilename)) {
            if (in == null) {
                throw new IllegalStateException("hook schema " + schemaFilename + " is missing from the classpath");
            }
            return new JSONObject(new JSONTokener(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read hook schema " + schemaFilename, e);
        }
    }
}
