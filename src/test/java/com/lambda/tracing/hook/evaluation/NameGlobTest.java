package com.lambda.tracing.hook.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameGlobTest {
    @ParameterizedTest
    @CsvSource({
            "*, orders-prod, true",
            "orders-*, orders-prod, true",
            "orders-*, orders-, true",
            "orders-*, billing-prod, false",
            "*-prod, orders-prod, true",
            "*-prod, orders-prod-2, false",
            "o?ders-prod, orders-prod, true",
            "o?ders-prod, oders-prod, false",
            "Orders-*, orders-prod, false",
            "*a*b*c, xxaxxbxxc, true",
            "*a*b*c, xxaxxcxxb, false",
            "orders-prod, orders-prod, true",
            "orders-prod, orders-prod2, false"})
    void matches(String glob, String name, boolean expected) {
        assertEquals(expected, NameGlob.matches(glob, name));
    }

    @Test
    void anUnknownNameMatchesOnlyAGlobThatMatchesAnything() {
        assertEquals(true, NameGlob.matches("*", null));
        assertEquals(false, NameGlob.matches("orders-*", null));
    }

    @Test
    void aHostileGlobStaysFast() {
        String glob = "*a".repeat(60) + "b";
        String name = "a".repeat(128);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertEquals(false, NameGlob.matches(glob, name)));
    }

    @ParameterizedTest
    @CsvSource({
            "STACK_NAME, orders-*", "STACK_NAME, *", "STACK_NAME, ?1-x", "STACK_NAME, *1abc",
            "LOGICAL_ID, Async*", "LOGICAL_ID, 1Fn", "LOGICAL_ID, *"})
    void globsThatCanMatchHaveNoProblem(NameGlob kind, String glob) {
        assertNull(kind.problem(glob));
    }

    @ParameterizedTest
    @CsvSource({
            "STACK_NAME, my_stack, character '_'",
            "STACK_NAME, -orders, character '-' at position 1",
            "STACK_NAME, 1orders, character '1' at position 1",
            "STACK_NAME, orders prod, character ' '",
            "LOGICAL_ID, Async-Worker, character '-'",
            "LOGICAL_ID, Fn.Arn, character '.'"})
    void globsThatCanNeverMatchNameTheCharacter(NameGlob kind, String glob, String expected) {
        String problem = kind.problem(glob);
        assertNotNull(problem, glob);
        assertEquals(true, problem.contains(expected), problem);
    }

    @Test
    void aGlobLongerThanAnyNameCanNeverMatch() {
        assertNotNull(NameGlob.STACK_NAME.problem("a".repeat(129)));
        assertNull(NameGlob.STACK_NAME.problem("a".repeat(128) + "*"));
        assertNotNull(NameGlob.LOGICAL_ID.problem("?".repeat(256)));
        assertNotNull(NameGlob.LOGICAL_ID.problem(""));
    }
}
