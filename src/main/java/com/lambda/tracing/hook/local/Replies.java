package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** AWS JSON 1.1 answers of the embedded endpoint: results, errors, and the broken answers fault injection asks for. */
final class Replies {
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private Replies() {
    }

    private static Map<String, String> headers(String requestId) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", CONTENT_TYPE);
        h.put("x-amzn-RequestId", requestId);
        return h;
    }

    static HttpCore.Reply ok(String requestId, JsonNode body) {
        byte[] bytes = body == null ? new byte[0] : Json.write(body).getBytes(StandardCharsets.UTF_8);
        return new HttpCore.Reply(200, headers(requestId), bytes, HttpCore.Delivery.NORMAL);
    }

    static HttpCore.Reply error(String requestId, int status, String type, String message) {
        Map<String, String> h = headers(requestId);
        h.put("x-amzn-ErrorType", type);
        ObjectNode body = Json.object().put("__type", type).put("message", message);
        return new HttpCore.Reply(status, h, Json.write(body).getBytes(StandardCharsets.UTF_8), HttpCore.Delivery.NORMAL);
    }

    static HttpCore.Reply fault(Faults.RequestFault fault, String requestId, String operation) {
        switch (fault) {
            case THROTTLE:
                return error(requestId, 400, "ThrottlingException", "Rate exceeded");
            case INTERNAL_ERROR:
                return error(requestId, 500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.");
            case UNAVAILABLE:
                return error(requestId, 503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.");
            case RESET:
                return new HttpCore.Reply(0, Map.of(), new byte[0], HttpCore.Delivery.RESET);
            case CLOSE_MID_RESPONSE: {
                byte[] body = ("{\"__note\":\"the connection closes before this answer to " + operation
                        + " is complete\",\"ResourceEvaluationId\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
                return new HttpCore.Reply(200, headers(requestId), body, HttpCore.Delivery.CLOSE_MID_RESPONSE);
            }
            case MALFORMED_JSON:
            default: {
                byte[] body = "{\"ResourceEvaluationId\": \"4f0c\", \"EvaluationStatus\": {\"Status\": IN_PROGR"
                        .getBytes(StandardCharsets.UTF_8);
                return new HttpCore.Reply(200, headers(requestId), body, HttpCore.Delivery.NORMAL);
            }
        }
    }
}
