package io.evobserver.stack;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the PromQL shapes GreptimeDB's PromQL gets wrong or refuses, so the dashboards and
 * alert rules avoid them: a {@code group_left} join whose left operand is not aggregated to
 * exactly the {@code on(...)} labels or whose right side is not a {@code *_details} series
 * (greptimedb#9207, #9208, #9209), a {@code group_right} join (#9208), a set operator whose
 * operands carry different labels (#9173), and {@code label_replace} / {@code label_join}.
 * <p>
 * A small paren-aware reader, not a PromQL parser: it splits an expression at its loosest
 * top-level binary operator, reads aggregations, function calls and selectors, and infers the
 * label set each part yields (aggregated {@code by (...)}, a metric's own series, a scalar, or
 * unknown). String literals, label matchers and range windows are blanked first.
 */
final class PromQlPortability {

    /** The label set an expression yields, as far as this reader can tell. */
    record Shape(Kind kind, Set<String> labels, String metric) {
        enum Kind { SCALAR, AGGREGATED, SERIES, UNKNOWN }

        static final Shape SCALAR = new Shape(Kind.SCALAR, Set.of(), null);
        static final Shape UNKNOWN = new Shape(Kind.UNKNOWN, Set.of(), null);

        static Shape aggregated(Set<String> labels) {
            return new Shape(Kind.AGGREGATED, Set.copyOf(labels), null);
        }

        /** Same labels for certain: aggregated to the same set, or series of one metric. */
        boolean sameLabelsAs(Shape other) {
            return kind != Kind.UNKNOWN && kind != Kind.SCALAR && equals(other);
        }

        @Override
        public String toString() {
            return switch (kind) {
                case SCALAR -> "a scalar";
                case AGGREGATED -> "by " + labels;
                case SERIES -> "the series of " + metric;
                case UNKNOWN -> "labels not known";
            };
        }
    }

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "count", "group", "stddev",
            "stdvar", "quantile", "topk", "bottomk", "limitk", "count_values");
    private static final Set<String> SET_OPERATORS = Set.of("or", "and", "unless");
    /** Binary operators, loosest first; within one level the rightmost splits first (left-associative). */
    private static final List<List<String>> LEVELS = List.of(List.of("or"), List.of("and", "unless"),
            List.of("==", "!=", ">=", "<=", ">", "<"), List.of("+", "-"), List.of("*", "/", "%", "atan2"), List.of("^"));
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Pattern SELECTOR = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)\\s*(\\{_*})?\\s*(\\[_*])?"
            + "(\\s+offset\\s+\\w+)?");
    private static final Pattern NUMBER = Pattern.compile("[0-9.]+([eE][0-9]+)?");

    private final List<String> problems = new ArrayList<>();

    private PromQlPortability() {
    }

    /** What in one expression GreptimeDB's PromQL does not handle as Prometheus does; empty when portable. */
    static List<String> problems(String expr) {
        PromQlPortability p = new PromQlPortability();
        p.shape(blank(expr));
        return p.problems;
    }

    /** The label set an expression yields (for tests of this reader). */
    static Shape shapeOf(String expr) {
        return new PromQlPortability().shape(blank(expr));
    }

    private Shape shape(String text) {
        String e = text.trim();
        if (e.startsWith("(") && closing(e, 0) == e.length() - 1) {
            return shape(e.substring(1, e.length() - 1));
        }
        int[] op = loosestOperator(e);
        if (op != null) {
            return binary(e.substring(0, op[0]), e.substring(op[0], op[0] + op[1]), e.substring(op[0] + op[1]));
        }
        if (e.startsWith("-") || e.startsWith("+")) {
            return shape(e.substring(1));
        }
        if (NUMBER.matcher(e).matches()) {
            return Shape.SCALAR;
        }
        Matcher name = IDENT.matcher(e);
        if (name.lookingAt()) {
            String rest = e.substring(name.end()).trim();
            if (rest.startsWith("(") || rest.startsWith("by") || rest.startsWith("without")) {
                return call(name.group(), rest);
            }
            Matcher selector = SELECTOR.matcher(e);
            if (selector.matches()) {
                return new Shape(Shape.Kind.SERIES, Set.of(), selector.group(1));
            }
        }
        return Shape.UNKNOWN;
    }

    private Shape binary(String left, String operator, String rest) {
        String r = rest.trim();
        r = dropWord(r, "bool");
        List<String> on = null;
        if (r.matches("(?s)(on|ignoring)\\s*\\(.*")) {
            boolean isOn = r.startsWith("on");
            int open = r.indexOf('(');
            List<String> labels = labelList(r.substring(open + 1, closing(r, open)));
            on = isOn ? labels : null;
            r = r.substring(closing(r, open) + 1).trim();
        }
        String group = null;
        Set<String> include = new LinkedHashSet<>();
        Matcher g = Pattern.compile("^(group_left|group_right)\\b\\s*").matcher(r);
        if (g.find()) {
            group = g.group(1);
            r = r.substring(g.end());
            if (r.startsWith("(")) {
                include.addAll(labelList(r.substring(1, closing(r, 0))));
                r = r.substring(closing(r, 0) + 1);
            }
        }
        Shape l = shape(left);
        Shape right = shape(r);
        if (SET_OPERATORS.contains(operator)) {
            if (!l.sameLabelsAs(right)) {
                problems.add("`" + operator + "` between operands with different label sets (" + l + "; " + right
                        + "): GreptimeDB answers HTTP 400, greptimedb#9173; aggregate both to the same by (...)");
            }
            return l;
        }
        if (group != null) {
            return join(l, right, group, on, include);
        }
        if (l.kind() == Shape.Kind.SCALAR) {
            return right;
        }
        if (right.kind() == Shape.Kind.SCALAR || l.equals(right)) {
            return l;
        }
        return Shape.UNKNOWN;
    }

    private Shape join(Shape left, Shape right, String group, List<String> on, Set<String> include) {
        if (group.equals("group_right")) {
            problems.add("group_right: GreptimeDB does not copy the included labels, greptimedb#9208;"
                    + " put the *_details series on the right of a group_left");
            return Shape.UNKNOWN;
        }
        if (on == null || left.kind() != Shape.Kind.AGGREGATED || !left.labels().equals(Set.copyOf(on))) {
            problems.add("group_left join whose left operand (" + left + ") is not aggregated to exactly the on"
                    + (on == null ? "(...) labels (none given)" : on.toString()) + " labels: on GreptimeDB the"
                    + " result keeps no other label and repeats rows, greptimedb#9207, #9209");
        }
        if (right.kind() != Shape.Kind.SERIES || !right.metric().endsWith("_details")) {
            problems.add("group_left join whose right side (" + right + ") is not a *_details series:"
                    + " GreptimeDB returns the right side's labels, greptimedb#9208");
        }
        Set<String> out = new LinkedHashSet<>(on == null ? List.of() : on);
        out.addAll(include);
        return Shape.aggregated(out);
    }

    /** An aggregation ({@code sum by (a) (x)}, {@code sum(x) by (a)}) or a function call. */
    private Shape call(String name, String rest) {
        Set<String> by = null;
        boolean without = false;
        String r = rest;
        if (!r.startsWith("(")) {
            without = r.startsWith("without");
            int open = r.indexOf('(');
            by = new LinkedHashSet<>(labelList(r.substring(open + 1, closing(r, open))));
            r = r.substring(closing(r, open) + 1).trim();
        }
        if (!r.startsWith("(")) {
            return Shape.UNKNOWN;
        }
        int close = closing(r, 0);
        List<String> args = arguments(r.substring(1, close));
        String after = r.substring(close + 1).trim();
        if (after.matches("(?s)(by|without)\\s*\\(.*")) {
            without = after.startsWith("without");
            by = new LinkedHashSet<>(labelList(after.substring(after.indexOf('(') + 1, closing(after, after.indexOf('(')))));
        }
        List<Shape> shapes = args.stream().map(this::shape).toList();
        if (name.equals("label_replace") || name.equals("label_join")) {
            problems.add(name + ": GreptimeDB's PromQL does not handle it reliably (nested under `or` it fails);"
                    + " the dashboards join names from the *_details series instead");
            return Shape.UNKNOWN;
        }
        if (AGGREGATIONS.contains(name) && !name.equals("topk") && !name.equals("bottomk") && !name.equals("limitk")) {
            return without ? Shape.UNKNOWN : Shape.aggregated(by == null ? Set.of() : by);
        }
        if (name.equals("time") || name.equals("scalar")) {
            return Shape.SCALAR;
        }
        if (name.equals("vector")) {
            return Shape.aggregated(Set.of());
        }
        Shape vector = shapes.stream().filter(s -> s.kind() != Shape.Kind.SCALAR).reduce((a, b) -> b)
                .orElse(Shape.UNKNOWN);
        if (name.equals("histogram_quantile") && vector.kind() == Shape.Kind.AGGREGATED) {
            Set<String> labels = new LinkedHashSet<>(vector.labels());
            labels.remove("le");
            return Shape.aggregated(labels);
        }
        return vector;
    }

    /** Position and length of the loosest top-level binary operator, or null when there is none. */
    private static int[] loosestOperator(String e) {
        for (List<String> level : LEVELS) {
            int[] found = null;
            int depth = 0;
            for (int i = 0; i < e.length(); i++) {
                char c = e.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (depth == 0) {
                    for (String op : level) {
                        if (isOperatorAt(e, i, op)) {
                            found = new int[] {i, op.length()};
                            if (op.equals("^")) {
                                return found; // right-associative: the leftmost splits first
                            }
                            i += op.length() - 1;
                            break;
                        }
                    }
                }
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static boolean isOperatorAt(String e, int i, String op) {
        if (!e.startsWith(op, i)) {
            return false;
        }
        if (Character.isLetter(op.charAt(0))) {
            return (i == 0 || !isIdentChar(e.charAt(i - 1))) && (i + op.length() == e.length()
                    || !isIdentChar(e.charAt(i + op.length())));
        }
        char next = i + op.length() < e.length() ? e.charAt(i + op.length()) : ' ';
        if ((op.equals(">") || op.equals("<")) && next == '=') {
            return false;
        }
        if ((op.equals("+") || op.equals("-")) && !endsOperand(e, i)) {
            return false; // a sign, not a subtraction
        }
        return !(op.length() == 1 && "=!<>".indexOf(i > 0 ? e.charAt(i - 1) : ' ') >= 0);
    }

    /** Whether the text before position i ends an operand (so a + or - there is binary). */
    private static boolean endsOperand(String e, int i) {
        int j = i - 1;
        while (j >= 0 && Character.isWhitespace(e.charAt(j))) {
            j--;
        }
        if (j < 0) {
            return false;
        }
        char c = e.charAt(j);
        if (c == 'e' || c == 'E') {
            return !e.substring(0, j + 1).matches("(?s).*[^A-Za-z0-9_:][0-9.]+[eE]");
        }
        return isIdentChar(c) || c == ')' || c == '}' || c == ']';
    }

    private static String dropWord(String s, String word) {
        return s.matches("(?s)" + word + "\\b.*") ? s.substring(word.length()).trim() : s;
    }

    private static List<String> labelList(String inside) {
        List<String> out = new ArrayList<>();
        for (String l : inside.split(",")) {
            if (!l.isBlank()) {
                out.add(l.trim());
            }
        }
        return out;
    }

    private static List<String> arguments(String inside) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < inside.length(); i++) {
            char c = inside.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                out.add(inside.substring(start, i));
                start = i + 1;
            }
        }
        out.add(inside.substring(start));
        return out;
    }

    /** The index of the parenthesis closing the one at {@code open}. */
    private static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            depth += s.charAt(i) == '(' ? 1 : s.charAt(i) == ')' ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses: " + s);
    }

    /** Blanks string literals, label matchers and range windows (same length), so only structure is left. */
    static String blank(String expr) {
        StringBuilder sb = new StringBuilder(expr.length());
        char close = 0;
        char quote = 0;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (quote != 0) {
                sb.append('_');
                if (c == '\\') {
                    sb.append('_');
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                sb.append('_');
            } else if (close != 0) {
                sb.append(c == close ? c : '_');
                close = c == close ? 0 : close;
            } else {
                sb.append(c);
                close = c == '{' ? '}' : c == '[' ? ']' : 0;
            }
        }
        return sb.toString();
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }
}
