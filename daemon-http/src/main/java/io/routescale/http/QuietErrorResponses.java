package io.routescale.http;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Error answers of the daemons' Micronaut servers: the status and its reason only. Micronaut's default answer
 * repeats the request path and the failed parameter's value (e.g. {@code /health/<anything>}); a daemon
 * beside Traefik has no reason to hand any request text back to its sender.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public final class QuietErrorResponses implements ErrorResponseProcessor<Map<String, Object>> {
    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<Map<String, Object>> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", response.code());
        body.put("message", response.reason());
        return ((MutableHttpResponse<Map<String, Object>>) response).contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }
}
