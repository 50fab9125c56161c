package com.lambda.tracing.hook.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void shortTextStaysAsItIs() {
        assertEquals("abc", Text.shorten("abc", 3));
        assertEquals("", Text.shorten("", 1));
    }

    @Test
    void longTextKeepsItsStartAndEndsWithTheEllipsis() {
        assertEquals("ab…", Text.shorten("abcdef", 3));
        assertEquals("…", Text.shorten("abcdef", 1));
        String cut = Text.shorten("x".repeat(5000), 4096);
        assertEquals(4096, cut.length());
        assertTrue(cut.endsWith("x…"));
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        String text = "ab\uD83D\uDE00cd"; // ab😀cd: the emoji is two UTF-16 units
        String cut = Text.shorten(text, 4);
        assertEquals("ab…", cut);
        assertTrue(cut.length() <= 4);
        assertEquals("ab\uD83D\uDE00…", Text.shorten(text, 5));
    }

    @Test
    void noRoomLeavesTheEllipsisAlone() {
        assertEquals("…", Text.shorten("abc", 0));
    }
}
