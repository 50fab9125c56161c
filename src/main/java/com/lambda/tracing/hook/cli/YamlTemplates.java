package com.lambda.tracing.hook.cli;

import org.yaml.snakeyaml.DumperOptions;
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

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A YAML template as plain Java values, read as CloudFormation reads it: every short-form intrinsic tag (scalar and
 * sequence form), YAML 1.1 scalars where CloudFormation takes them (yes/no stay text), duplicate keys keep the last
 * value, aliases bounded. Problems end in a {@link UsageException} that names the file and line.
 */
final class YamlTemplates {
    /** The YAML 1.1 types a template may name explicitly ({@code !!str 123}); other {@code !!} tags build objects. */
    private static final Set<String> YAML_TYPES = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.SEQ,
            Tag.MAP, Tag.TIMESTAMP, Tag.BINARY, Tag.MERGE).stream().map(Tag::getValue).collect(Collectors.toSet());

    private YamlTemplates() {
    }

    /** The template {@code text} as plain values; each resource's line goes to {@code lines}, duplicate keys to {@code warnings}. */
    static Object read(Path file, String text, Map<String, Integer> lines, List<String> warnings) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // as CloudFormation: the last value wins (and a warning names the key)
        options.setMaxAliasesForCollections(100);
        options.setNestingDepthLimit(TemplateLoader.MAX_DEPTH);
        options.setCodePointLimit((int) TemplateLoader.MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new UsageException(file + (m != null ? ":" + (m.getLine() + 1) : "") + ": invalid YAML: " + TemplateLoader.oneLine(problem));
        } catch (YAMLException e) {
            if (String.valueOf(e.getMessage()).startsWith("Nesting Depth exceeded")) {
                throw new UsageException(TemplateLoader.tooDeep(file, -1));
            }
            throw new UsageException(file + ": invalid YAML: " + TemplateLoader.oneLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new UsageException(TemplateLoader.tooDeep(file, -1));
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
        private long budget = TemplateLoader.MAX_VALUES;

        YamlReader(Path file, List<String> warnings) {
            this.file = file;
            this.warnings = warnings;
        }

        Object convert(Node node, int depth) {
            if (depth > TemplateLoader.MAX_DEPTH) {
                throw new UsageException(TemplateLoader.tooDeep(file, node.getStartMark().getLine() + 1));
            }
            if (--budget < 0) {
                throw new UsageException(file + ": more than " + TemplateLoader.MAX_VALUES + " values once YAML aliases are expanded");
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
                    warnings.add(TemplateLoader.duplicateKey(file, key, line, first));
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
                    if (TemplateLoader.FN_TAGS.contains(name)) {
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
            + "!" + String.join(", !", new TreeSet<>(TemplateLoader.FN_TAGS));

    private static Object scalar(ScalarNode s) {
        String v = s.getValue();
        Tag tag = s.getTag();
        if (s.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
            return v;
        }
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            String l = v.toLowerCase(Locale.ROOT);
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
}
