package io.drover.modules.files;

import java.util.List;

/**
 * The {@code mode} argument of the file modules, as Ansible reads it: a YAML integer is taken as the permission bits
 * themselves ({@code 0644} in YAML 1.1 is 420; an unquoted {@code 644} is decimal and gives odd permissions, as in
 * Ansible), a string is octal ({@code "0644"}, {@code "644"}, {@code "0o644"}) or else symbolic
 * ({@code "u=rw,g=r,o="}, {@code "u+x"}, {@code "a-w"}, {@code "+X"}). Symbolic modes are relative to the file's
 * current mode, so they are resolved only once the target's state is known.
 *
 * @param octal    the bits when numeric, else null
 * @param symbolic the symbolic text when not numeric, else null
 */
public record FileMode(Integer octal, String symbolic) {

    /** Ansible's message for a mode it cannot read. */
    public static final String INVALID = "mode must be in octal or symbolic form";

    private static final int PERM_BITS = 07777;

    /** A mode that cannot be applied; {@link #getMessage()} is Ansible's {@code details}. */
    public static final class InvalidModeException extends Exception {
        public InvalidModeException(String details) {
            super(details);
        }
    }

    /** Reads the argument; null when no mode was given. Symbolic syntax is checked later, by {@link #resolve}. */
    public static FileMode of(Object arg) {
        if (arg == null) {
            return null;
        }
        if (arg instanceof Number n) {
            return new FileMode(n.intValue(), null);
        }
        String s = String.valueOf(arg);
        Integer octal = parseOctal(s);
        return octal != null ? new FileMode(octal, null) : new FileMode(null, s);
    }

    /** Python's {@code int(s, 8)}: surrounding blanks, a sign, an {@code 0o} prefix and underscores between digits. */
    static Integer parseOctal(String text) {
        String s = text.strip();
        boolean negative = false;
        if (s.startsWith("+") || s.startsWith("-")) {
            negative = s.startsWith("-");
            s = s.substring(1);
        }
        if (s.startsWith("0o") || s.startsWith("0O")) {
            s = s.substring(2);
            if (s.startsWith("_")) {
                s = s.substring(1);
            }
        }
        if (s.isEmpty() || !s.matches("[0-7]+(_[0-7]+)*")) {
            return null;
        }
        try {
            int v = Integer.parseInt(s.replace("_", ""), 8);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The permission bits this mode gives a path whose current bits are {@code current}.
     *
     * @param isDirectory whether the path is a directory ({@code X} then always adds execute)
     * @param umask       the target's umask (used by clauses without a who part, like {@code +x})
     */
    public int resolve(int current, boolean isDirectory, int umask) throws InvalidModeException {
        if (octal != null) {
            return octal;
        }
        int mode = current & PERM_BITS;
        for (String clause : symbolic.split(",", -1)) {
            List<String> parts = splitOperators(clause);
            String who = parts.get(0);
            boolean useUmask = who.isEmpty();
            if (who.isEmpty() || who.equals("a")) {
                who = "ugo";
            }
            // Like Ansible, only the first character of each part is checked; the rest fails when used.
            if ("ugo".indexOf(who.charAt(0)) < 0) {
                throw new InvalidModeException("bad symbolic permission for mode: " + clause);
            }
            for (int i = 1; i < parts.size(); i += 2) {
                char op = parts.get(i).charAt(0);
                String perms = parts.get(i + 1);
                if (!perms.isEmpty() && "rwxXstugo".indexOf(perms.charAt(0)) < 0) {
                    throw new InvalidModeException("bad symbolic permission for mode: " + clause);
                }
                for (char user : who.toCharArray()) {
                    int bits = 0;
                    for (char p : perms.toCharArray()) {
                        // Like Ansible, u/g/o/X look at the mode before this argument, not the running result.
                        bits |= bits(user, p, current & PERM_BITS, isDirectory, useUmask, umask, clause);
                    }
                    mode = apply(user, op, bits, mode, clause);
                }
            }
        }
        return mode;
    }

    /** {@code "u=rw+x"} → {@code ["u", "=", "rw", "+", "x"]}. */
    private static List<String> splitOperators(String clause) {
        List<String> parts = new java.util.ArrayList<>();
        int start = 0;
        for (int i = 0; i < clause.length(); i++) {
            char c = clause.charAt(i);
            if (c == '+' || c == '-' || c == '=') {
                parts.add(clause.substring(start, i));
                parts.add(String.valueOf(c));
                start = i + 1;
            }
        }
        parts.add(clause.substring(start));
        return parts;
    }

    private static int apply(char user, char op, int bits, int mode, String clause) throws InvalidModeException {
        return switch (op) {
            case '=' -> {
                int mask = switch (user) {
                    case 'u' -> 0700 | 04000;
                    case 'g' -> 0070 | 02000;
                    case 'o' -> 0007 | 01000;
                    default -> throw new InvalidModeException("bad symbolic permission for mode: " + clause);
                };
                yield (mode & (mask ^ PERM_BITS)) | bits;
            }
            case '+' -> mode | bits;
            default -> mode & ~bits;
        };
    }

    private static int bits(char user, char perm, int prev, boolean isDirectory, boolean useUmask, int umask,
                            String clause) throws InvalidModeException {
        int shift = switch (user) {
            case 'u' -> 6;
            case 'g' -> 3;
            case 'o' -> 0;
            default -> throw new InvalidModeException("bad symbolic permission for mode: " + clause);
        };
        int revUmask = umask ^ PERM_BITS;
        boolean anyExec = (prev & 0111) != 0;
        return switch (perm) {
            case 'r' -> (useUmask ? revUmask : PERM_BITS) & (04 << shift);
            case 'w' -> (useUmask ? revUmask : PERM_BITS) & (02 << shift);
            case 'x' -> (useUmask ? revUmask : PERM_BITS) & (01 << shift);
            case 'X' -> isDirectory || anyExec ? 01 << shift : 0;
            case 's' -> user == 'u' ? 04000 : user == 'g' ? 02000 : 0;
            case 't' -> user == 'o' ? 01000 : 0;
            // Copy another class's bits into this class's position.
            case 'u' -> ((prev >> 6) & 07) << shift;
            case 'g' -> ((prev >> 3) & 07) << shift;
            case 'o' -> (prev & 07) << shift;
            default -> throw new InvalidModeException("bad symbolic permission for mode: " + clause);
        };
    }

    /** Ansible's display of permission bits, {@code "0644"}. */
    public static String display(int bits) {
        return String.format("0%03o", bits);
    }
}
