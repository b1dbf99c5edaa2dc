package io.exabond.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Parses what the commands write as JSON with Jackson, strictly: trailing text, a field written twice, unescaped
 * control characters, NaN and leading zeros all fail the test.
 */
public final class StrictJson
{
    private static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    private StrictJson()
    {
    }

    /**
     * @param text one JSON value.
     * @return its tree.
     * @throws AssertionError naming the problem and the text when it is not JSON.
     */
    public static JsonNode parse(final String text)
    {
        final JsonNode node;
        try
        {
            node = MAPPER.readTree(text);
        }
        catch (final JsonProcessingException e)
        {
            throw new AssertionError("not JSON (" + e.getOriginalMessage() + "): " + text, e);
        }
        if (node == null || node.isMissingNode())
        {
            throw new AssertionError("no JSON value in \"" + text + "\"");
        }
        return node;
    }
}
