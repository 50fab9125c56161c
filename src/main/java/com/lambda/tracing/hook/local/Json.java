package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;

/** The endpoint's one JSON mapper and the wire conventions of AWS JSON 1.1. */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** Levels of objects and arrays a request body or a ResourceConfiguration may nest. */
    static final int MAX_DEPTH = 200;

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH).maxStringLength(2_000_000).build());
    }

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** AWS JSON timestamps: epoch seconds as a number with millisecond decimals, e.g. {@code 1668539626.029}. */
    static BigDecimal epochSeconds(long epochMillis) {
        return BigDecimal.valueOf(epochMillis, 3);
    }

    /** True when reading failed because the document nests deeper than {@link #MAX_DEPTH}. */
    static boolean tooDeep(java.io.IOException e) {
        return e instanceof StreamConstraintsException && String.valueOf(e.getMessage()).contains("nesting depth");
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
