package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads CloudFormation templates in YAML (every short-form intrinsic tag, in scalar and sequence form: see
 * {@link YamlTemplates}) and JSON into plain Java values, remembering the line of each resource. Malformed input ends in a {@link UsageException} with one
 * line that names the file and, when known, the line.
 */
final class TemplateLoader {
    static final long MAX_BYTES = 5L * 1024 * 1024;
    static final int MAX_DEPTH = 120;
    static final long MAX_VALUES = 1_000_000;
    /**
     * The functions CloudFormation accepts in YAML short form, {@code !Name} for {@code Fn::Name}: the intrinsic and
     * condition functions, the Rules functions and those of AWS::LanguageExtensions. {@code !Ref}, {@code !Condition}
     * and {@code !GetAtt} have their own forms.
     */
    static final Set<String> FN_TAGS = Set.of("Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue", "Join",
            "Select", "Split", "Sub", "Transform", "GetStackOutput", "If", "Equals", "And", "Or", "Not", "Contains",
            "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll", "Length", "ToJsonString", "ForEach");
    private TemplateLoader() {
    }

    static Template load(Path file) {
        return load(file, true);
    }

    /**
     * @param stringTypes false for {@code transform}, which like the SAM translator keeps a resource whose Type is
     *                    not a string as written (CloudFormation, and so {@code check}, rejects it)
     */
    static Template load(Path file, boolean stringTypes) {
        String text = read(file);
        String trimmed = text.stripLeading();
        if (trimmed.isEmpty()) {
            throw new UsageException(file + ": the template is empty");
        }
        Map<String, Integer> lines = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        Object doc;
        if (!trimmed.startsWith("{")) {
            doc = YamlTemplates.read(file, text, lines, warnings);
        } else if (!isYamlFile(file)) {
            doc = json(file, text, lines, warnings);
        } else {
            // A .yaml file in JSON syntax is still YAML to CloudFormation: a trailing comma does not make it invalid.
            try {
                doc = json(file, text, lines, warnings);
            } catch (UsageException notJson) {
                lines.clear();
                warnings.clear();
                doc = YamlTemplates.read(file, text, lines, warnings);
            }
        }
        if (!(doc instanceof Map)) {
            throw new UsageException(file + ": a template must be a mapping at the top level");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) doc;
        Object resources = document.get("Resources");
        if (!(resources instanceof Map)) {
            throw new UsageException(file + ": the template has no Resources section");
        }
        Template template = new Template(file, document, lines, List.copyOf(warnings));
        if (TransformStep.APPLIED.containsAll(TransformStep.declared(template))) {
            checkResources(template, stringTypes);
        } // else a macro rewrites the template first: only CloudFormation can tell what it deploys
        return template;
    }

    /**
     * Every resource has a Type and mapping Properties. {@code Fn::ForEach} loops and {@code Fn::Transform} entries of
     * the Resources section are not resources: the transforms replace them (see {@link TransformStep}).
     */
    static void checkResources(Template template) {
        checkResources(template, true);
    }

    private static void checkResources(Template template, boolean stringTypes) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) template.document().get("Resources")).entrySet()) {
            String id = String.valueOf(e.getKey());
            if (id.equals("Fn::Transform") || id.equals("Fn::ForEach") || id.startsWith("Fn::ForEach::")) {
                continue;
            }
            Object r = e.getValue();
            Integer line = template.resourceLines().get(id);
            String where = template.file() + (line != null ? ":" + line : "");
            Object type = r instanceof Map ? ((Map<?, ?>) r).get("Type") : null;
            if (type == null) {
                throw new UsageException(where + ": resource " + id + " has no Type");
            }
            if (stringTypes && !(type instanceof String)) {
                throw new UsageException(where + ": the Type of resource " + id + " must be a string");
            }
            Object props = ((Map<?, ?>) r).get("Properties");
            if (props != null && !(props instanceof Map)) {
                throw new UsageException(where + ": Properties of " + id + " must be a mapping");
            }
        }
    }

    private static boolean isYamlFile(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** CloudFormation keeps the last value of a repeated key; the warning says which line that is. */
    static String duplicateKey(Path file, String key, int line, int firstLine) {
        return file + ":" + line + ": duplicate key '" + key + "' (also at line " + firstLine
                + "): CloudFormation uses the last value, from line " + line;
    }

    static String tooDeep(Path file, int line) {
        return file + (line > 0 ? ":" + line : "") + ": the template is nested too deeply (more than " + MAX_DEPTH
                + " levels of mappings and lists)";
    }

    private static String read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new UsageException(file + ": no such file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new UsageException(file + ": larger than " + (MAX_BYTES / 1024 / 1024) + " MB, not a CloudFormation template");
            }
            byte[] bytes = Files.readAllBytes(file);
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new UsageException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    static String oneLine(String s) {
        return s == null ? "unknown problem" : s.replaceAll("\\s+", " ").trim();
    }

    // ------------------------------------------------------------------ JSON

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private static Object json(Path file, String text, Map<String, Integer> lines, List<String> warnings) {
        try (JsonParser p = JSON.createParser(text)) {
            Object value;
            try {
                value = jsonValue(file, p, p.nextToken(), 0, null, lines, warnings);
            } catch (StreamConstraintsException e) {
                throw new UsageException(tooDeep(file, p.currentLocation().getLineNr()));
            }
            if (p.nextToken() != null) {
                throw new UsageException(file + ":" + p.currentTokenLocation().getLineNr() + ": invalid JSON: content after the template");
            }
            return value;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNr() : -1;
            throw new UsageException(file + (line > 0 ? ":" + line : "") + ": invalid JSON: " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read JSON (" + e.getMessage() + ")");
        }
    }

    /** {@code section} is "Resources" while reading the Resources mapping (to record each resource's line). */
    private static Object jsonValue(Path file, JsonParser p, JsonToken token, int depth, String section,
                                    Map<String, Integer> lines, List<String> warnings) throws IOException {
        if (token == null) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input");
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                Map<String, Integer> firstLine = new java.util.HashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int line = p.currentTokenLocation().getLineNr();
                    if ("Resources".equals(section)) {
                        lines.put(name, line);
                    }
                    Integer first = firstLine.putIfAbsent(name, line);
                    if (first != null) {
                        warnings.add(duplicateKey(file, name, line, first));
                        map.remove(name);
                    }
                    String childSection = depth == 0 && name.equals("Resources") ? "Resources" : null;
                    map.put(name, jsonValue(file, p, p.nextToken(), depth + 1, childSection, lines, warnings));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(jsonValue(file, p, t, depth + 1, null, lines, warnings));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new BigDecimal(p.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected token " + token);
        }
    }
}
