package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
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
 * Reads CloudFormation templates in YAML (every short-form intrinsic tag, in scalar and sequence form) and JSON into
 * plain Java values, remembering the line of each resource. Malformed input ends in a {@link UsageException} with one
 * line that names the file and, when known, the line.
 */
final class TemplateLoader {
    static final long MAX_BYTES = 5L * 1024 * 1024;
    private static final int MAX_DEPTH = 120;
    private static final long MAX_VALUES = 1_000_000;
    /** Short-form tags whose value is passed as is to {@code Fn::<Name>}. */
    private static final Set<String> FN_TAGS = Set.of("Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue", "Join",
            "Select", "Split", "Sub", "If", "Equals", "And", "Or", "Not", "Transform", "Length", "ToJsonString", "ForEach");

    private TemplateLoader() {
    }

    static Template load(Path file) {
        String text = read(file);
        String trimmed = text.stripLeading();
        if (trimmed.isEmpty()) {
            throw new UsageException(file + ": the template is empty");
        }
        Map<String, Integer> lines = new LinkedHashMap<>();
        Object doc = trimmed.startsWith("{") ? json(file, text, lines) : yaml(file, text, lines);
        if (!(doc instanceof Map)) {
            throw new UsageException(file + ": a template must be a mapping at the top level");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) doc;
        Object resources = document.get("Resources");
        if (!(resources instanceof Map)) {
            throw new UsageException(file + ": the template has no Resources section");
        }
        Template template = new Template(file, document, lines);
        if (TransformStep.APPLIED.containsAll(TransformStep.declared(template))) {
            checkResources(template);
        } // else a macro rewrites the template first: only CloudFormation can tell what it deploys
        return template;
    }

    /**
     * Every resource has a Type and mapping Properties. {@code Fn::ForEach} loops and {@code Fn::Transform} entries of
     * the Resources section are not resources: the transforms replace them (see {@link TransformStep}).
     */
    static void checkResources(Template template) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) template.document().get("Resources")).entrySet()) {
            String id = String.valueOf(e.getKey());
            if (id.equals("Fn::Transform") || id.equals("Fn::ForEach") || id.startsWith("Fn::ForEach::")) {
                continue;
            }
            Object r = e.getValue();
            Integer line = template.resourceLines().get(id);
            String where = template.file() + (line != null ? ":" + line : "");
            if (!(r instanceof Map) || !(((Map<?, ?>) r).get("Type") instanceof String)) {
                throw new UsageException(where + ": resource " + id + " has no Type");
            }
            Object props = ((Map<?, ?>) r).get("Properties");
            if (props != null && !(props instanceof Map)) {
                throw new UsageException(where + ": Properties of " + id + " must be a mapping");
            }
        }
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

    // ------------------------------------------------------------------ YAML

    private static Object yaml(Path file, String text, Map<String, Integer> lines) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(100);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit((int) MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new UsageException(file + (m != null ? ":" + (m.getLine() + 1) : "") + ": invalid YAML: " + oneLine(problem));
        } catch (YAMLException e) {
            throw new UsageException(file + ": invalid YAML: " + oneLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new UsageException(file + ": nested too deeply");
        }
        if (root == null) {
            throw new UsageException(file + ": the template is empty");
        }
        if (root instanceof MappingNode) {
            for (NodeTuple t : ((MappingNode) root).getValue()) {
                if (t.getKeyNode() instanceof ScalarNode && "Resources".equals(((ScalarNode) t.getKeyNode()).getValue())
                        && t.getValueNode() instanceof MappingNode) {
                    for (NodeTuple r : ((MappingNode) t.getValueNode()).getValue()) {
                        if (r.getKeyNode() instanceof ScalarNode) {
                            lines.put(((ScalarNode) r.getKeyNode()).getValue(), r.getKeyNode().getStartMark().getLine() + 1);
                        }
                    }
                }
            }
        }
        return convert(file, root, 0, new long[] {MAX_VALUES});
    }

    private static Object convert(Path file, Node node, int depth, long[] budget) {
        if (depth > MAX_DEPTH) {
            throw new UsageException(file + ": nested too deeply");
        }
        if (--budget[0] < 0) {
            throw new UsageException(file + ": more than " + MAX_VALUES + " values once YAML aliases are expanded");
        }
        Tag tag = node.getTag();
        String t = tag.getValue();
        if (t.startsWith("!") && !t.startsWith("!!")) {
            return shortForm(file, node, t.substring(1), depth, budget);
        }
        if (node instanceof ScalarNode) {
            return scalar((ScalarNode) node);
        }
        if (node instanceof SequenceNode) {
            List<Object> list = new ArrayList<>();
            for (Node n : ((SequenceNode) node).getValue()) {
                list.add(convert(file, n, depth + 1, budget));
            }
            return list;
        }
        MappingNode mapping = (MappingNode) node;
        Map<String, Object> map = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node k = tuple.getKeyNode();
            if (!(k instanceof ScalarNode)) {
                throw new UsageException(file + ":" + (k.getStartMark().getLine() + 1) + ": mapping keys must be plain strings");
            }
            String key = ((ScalarNode) k).getValue();
            if (map.containsKey(key)) {
                throw new UsageException(file + ":" + (k.getStartMark().getLine() + 1) + ": invalid YAML: duplicate key " + key);
            }
            map.put(key, convert(file, tuple.getValueNode(), depth + 1, budget));
        }
        return map;
    }

    private static Object scalar(ScalarNode s) {
        String v = s.getValue();
        Tag tag = s.getTag();
        if (s.getScalarStyle() != org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN) {
            return v;
        }
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            String l = v.toLowerCase(java.util.Locale.ROOT);
            if (l.equals("true") || l.equals("false")) {
                return Boolean.valueOf(l);
            }
            return v; // yes/no/on/off stay text, as CloudFormation reads them
        }
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            try {
                return new BigDecimal(v);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }

    private static Object shortForm(Path file, Node node, String name, int depth, long[] budget) {
        int line = node.getStartMark().getLine() + 1;
        switch (name) {
            case "Ref":
                return Map.of("Ref", requireScalar(file, node, name));
            case "Condition":
                return Map.of("Condition", requireScalar(file, node, name));
            case "GetAtt": {
                if (node instanceof ScalarNode) {
                    String v = ((ScalarNode) node).getValue();
                    int dot = v.indexOf('.');
                    if (dot <= 0 || dot == v.length() - 1) {
                        throw new UsageException(file + ":" + line + ": !GetAtt needs Resource.Attribute, got '" + v + "'");
                    }
                    return Map.of("Fn::GetAtt", List.of(v.substring(0, dot), v.substring(dot + 1)));
                }
                return Map.of("Fn::GetAtt", untagged(file, node, depth, budget));
            }
            default:
                if (FN_TAGS.contains(name)) {
                    Object value = untagged(file, node, depth, budget);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("Fn::" + name, value == null ? "" : value);
                    return m;
                }
                throw new UsageException(file + ":" + line + ": unknown tag !" + name);
        }
    }

    private static String requireScalar(Path file, Node node, String name) {
        if (!(node instanceof ScalarNode)) {
            throw new UsageException(file + ":" + (node.getStartMark().getLine() + 1) + ": !" + name + " takes a plain name");
        }
        return ((ScalarNode) node).getValue();
    }

    /** The tagged node's value read as if it had no tag. */
    private static Object untagged(Path file, Node node, int depth, long[] budget) {
        if (node instanceof ScalarNode) {
            return ((ScalarNode) node).getValue();
        }
        if (node instanceof SequenceNode) {
            List<Object> list = new ArrayList<>();
            for (Node n : ((SequenceNode) node).getValue()) {
                list.add(convert(file, n, depth + 1, budget));
            }
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode)) {
                throw new UsageException(file + ": mapping keys must be plain strings");
            }
            map.put(((ScalarNode) tuple.getKeyNode()).getValue(), convert(file, tuple.getValueNode(), depth + 1, budget));
        }
        return map;
    }

    private static String oneLine(String s) {
        return s == null ? "unknown problem" : s.replaceAll("\\s+", " ").trim();
    }

    // ------------------------------------------------------------------ JSON

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private static Object json(Path file, String text, Map<String, Integer> lines) {
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken first = p.nextToken();
            Object value = jsonValue(p, first, 0, null, lines);
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
    private static Object jsonValue(JsonParser p, JsonToken token, int depth, String section, Map<String, Integer> lines) throws IOException {
        if (token == null) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input");
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if ("Resources".equals(section)) {
                        lines.put(name, p.currentTokenLocation().getLineNr());
                    }
                    String childSection = depth == 0 && name.equals("Resources") ? "Resources" : null;
                    map.put(name, jsonValue(p, p.nextToken(), depth + 1, childSection, lines));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(jsonValue(p, t, depth + 1, null, lines));
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
