package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
    /**
     * The functions CloudFormation accepts in YAML short form, {@code !Name} for {@code Fn::Name}: the intrinsic and
     * condition functions, the Rules functions and those of AWS::LanguageExtensions. {@code !Ref}, {@code !Condition}
     * and {@code !GetAtt} have their own forms.
     */
    static final Set<String> FN_TAGS = Set.of("Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue", "Join",
            "Select", "Split", "Sub", "Transform", "GetStackOutput", "If", "Equals", "And", "Or", "Not", "Contains",
            "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll", "Length", "ToJsonString", "ForEach");
    /** The YAML 1.1 types a template may name explicitly ({@code !!str 123}); other {@code !!} tags build objects. */
    private static final Set<String> YAML_TYPES = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.SEQ,
            Tag.MAP, Tag.TIMESTAMP, Tag.BINARY, Tag.MERGE).stream().map(Tag::getValue).collect(java.util.stream.Collectors.toSet());

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
            doc = yaml(file, text, lines, warnings);
        } else if (!isYamlFile(file)) {
            doc = json(file, text, lines, warnings);
        } else {
            // A .yaml file in JSON syntax is still YAML to CloudFormation: a trailing comma does not make it invalid.
            try {
                doc = json(file, text, lines, warnings);
            } catch (UsageException notJson) {
                lines.clear();
                warnings.clear();
                doc = yaml(file, text, lines, warnings);
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
    private static String duplicateKey(Path file, String key, int line, int firstLine) {
        return file + ":" + line + ": duplicate key '" + key + "' (also at line " + firstLine
                + "): CloudFormation uses the last value, from line " + line;
    }

    private static String tooDeep(Path file, int line) {
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

    // ------------------------------------------------------------------ YAML

    private static Object yaml(Path file, String text, Map<String, Integer> lines, List<String> warnings) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // as CloudFormation: the last value wins (and a warning names the key)
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
            if (String.valueOf(e.getMessage()).startsWith("Nesting Depth exceeded")) {
                throw new UsageException(tooDeep(file, -1));
            }
            throw new UsageException(file + ": invalid YAML: " + oneLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new UsageException(tooDeep(file, -1));
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
        return new YamlReader(file, warnings).convert(root, 0);
    }

    /** Turns the composed YAML nodes into plain values, counting them against alias expansion. */
    private static final class YamlReader {
        private final Path file;
        private final List<String> warnings;
        private long budget = MAX_VALUES;

        YamlReader(Path file, List<String> warnings) {
            this.file = file;
            this.warnings = warnings;
        }

        Object convert(Node node, int depth) {
            if (depth > MAX_DEPTH) {
                throw new UsageException(tooDeep(file, node.getStartMark().getLine() + 1));
            }
            if (--budget < 0) {
                throw new UsageException(file + ": more than " + MAX_VALUES + " values once YAML aliases are expanded");
            }
            String t = node.getTag().getValue();
            if (t.startsWith("!")) {
                return shortForm(node, t.substring(1), depth);
            }
            if (!YAML_TYPES.contains(t)) {
                String shown = t.startsWith(Tag.PREFIX) ? "!!" + t.substring(Tag.PREFIX.length()) : "!<" + t + ">";
                throw new UsageException(file + ":" + (node.getStartMark().getLine() + 1) + ": the tag " + shown
                        + " is not a CloudFormation function (" + SHORT_FORMS + ")");
            }
            return untagged(node, depth);
        }

        /** The node's value read as if it had no tag (a tagged node's own value, or a plain one). */
        private Object untagged(Node node, int depth) {
            if (node instanceof ScalarNode) {
                ScalarNode s = (ScalarNode) node;
                return s.getTag().getValue().startsWith("!") ? s.getValue() : scalar(s);
            }
            if (node instanceof SequenceNode) {
                List<Object> list = new ArrayList<>();
                for (Node n : ((SequenceNode) node).getValue()) {
                    list.add(convert(n, depth + 1));
                }
                return list;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            Map<String, Integer> firstLine = new java.util.HashMap<>();
            for (NodeTuple tuple : ((MappingNode) node).getValue()) {
                Node k = tuple.getKeyNode();
                int line = k.getStartMark().getLine() + 1;
                if (!(k instanceof ScalarNode)) {
                    throw new UsageException(file + ":" + line + ": mapping keys must be plain strings");
                }
                String key = ((ScalarNode) k).getValue();
                Integer first = firstLine.putIfAbsent(key, line);
                if (first != null) {
                    warnings.add(duplicateKey(file, key, line, first));
                    map.remove(key); // the last occurrence wins, in its own place
                }
                map.put(key, convert(tuple.getValueNode(), depth + 1));
            }
            return map;
        }

        private Object shortForm(Node node, String name, int depth) {
            int line = node.getStartMark().getLine() + 1;
            switch (name) {
                case "Ref":
                case "Condition":
                    return Map.of(name, requireScalar(node, name));
                case "GetAtt": {
                    if (node instanceof ScalarNode) {
                        String v = ((ScalarNode) node).getValue();
                        int dot = v.indexOf('.');
                        if (dot <= 0 || dot == v.length() - 1) {
                            throw new UsageException(file + ":" + line + ": !GetAtt needs Resource.Attribute, got '" + v + "'");
                        }
                        return Map.of("Fn::GetAtt", List.of(v.substring(0, dot), v.substring(dot + 1)));
                    }
                    return Map.of("Fn::GetAtt", untagged(node, depth));
                }
                default:
                    if (FN_TAGS.contains(name)) {
                        Object value = untagged(node, depth);
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("Fn::" + name, value == null ? "" : value);
                        return m;
                    }
                    throw new UsageException(file + ":" + line + ": unknown tag !" + name + ": "
                            + (name.matches("[A-Za-z][A-Za-z0-9]*") ? "Fn::" + name + " is not a CloudFormation function"
                            : "not a CloudFormation function") + " (" + SHORT_FORMS + ")");
            }
        }

        private String requireScalar(Node node, String name) {
            if (!(node instanceof ScalarNode)) {
                throw new UsageException(file + ":" + (node.getStartMark().getLine() + 1) + ": !" + name + " takes a plain name");
            }
            return ((ScalarNode) node).getValue();
        }
    }

    private static final String SHORT_FORMS = "short forms are !Ref, !Condition, !GetAtt and !Name for Fn::Name: "
            + "!" + String.join(", !", new java.util.TreeSet<>(FN_TAGS));

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

    private static String oneLine(String s) {
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
