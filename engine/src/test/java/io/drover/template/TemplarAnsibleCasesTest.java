package io.drover.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.yaml.YamlLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case was rendered once by ansible-core 2.14 ({@code debug: msg=<template>} with the variables of
 * {@code ansible-case-vars.yml}); the recorded result (value with its JSON type, or failure) is the expectation.
 */
class TemplarAnsibleCasesTest {

    private static final Templar TEMPLAR = new Templar(TemplarOptions.defaults());

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = TemplarAnsibleCasesTest.class.getResourceAsStream("ansible-cases.json")) {
            List<?> cases = new ObjectMapper().readValue(in, List.class);
            return cases.stream().map(c -> (Map<?, ?>) c)
                    .map(c -> Arguments.of(c.get("t"), c.containsKey("error"), c.get("v")));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> freshVars() throws IOException {
        try (InputStream in = TemplarAnsibleCasesTest.class.getResourceAsStream("ansible-case-vars.yml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return (Map<String, Object>) new YamlLoader(w -> { }).load("vars.yml", text).data();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersLikeAnsible(String template, boolean fails, Object expected) throws Exception {
        Map<String, Object> vars = freshVars();
        if (fails) {
            assertThrows(TemplateException.class, () -> TEMPLAR.template(template, vars));
            return;
        }
        Object actual = TEMPLAR.template(template, vars);
        assertEquals(json(Values.toPlain(expected)), json(actual), template);
    }

    /** Compact JSON with sorted keys: compares values and their JSON types (1 vs "1" vs 1.0). */
    private static String json(Object v) {
        return PyJson.dumps(v, 0, true, false);
    }
}
