package io.drover.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.error.DroverException;
import io.drover.error.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Error messages and locations were checked with {@code ansible-playbook --syntax-check} (ansible-core 2.14.18)
 * on the same YAML.
 */
class PlaybookParserTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    private Playbook parse(String yaml) throws IOException {
        return new PlaybookParser(warnings::add).parse(write("site.yml", yaml));
    }

    private DroverException error(String yaml) throws IOException {
        Path file = write("site.yml", yaml);
        return assertThrows(DroverException.class, () -> new PlaybookParser(warnings::add).parse(file));
    }

    private Task onlyTask(String tasksYaml) throws IOException {
        Playbook pb = parse("- hosts: all\n  tasks:\n" + tasksYaml.indent(4));
        return (Task) pb.plays().get(0).tasks().get(0);
    }

    private SourceLocation at(int line, int column) {
        return new SourceLocation(dir.resolve("site.yml").toString(), line, column);
    }

    private static final String MLOPS = """
            - name: Deploy model server
              hosts: [ml_servers, gpu]
              become: true
              gather_facts: false
              serial: [1, "50%"]
              vars:
                venv: /opt/ml/venv
                model_version: "1.4.2"
              vars_files:
                - vars/common.yml
                - [vars/site.yml, vars/default.yml]
              environment:
                PIP_NO_CACHE_DIR: "1"
              pre_tasks:
                - name: Check python
                  command: python3 --version
                  register: py
                  changed_when: false
              tasks:
                - name: Install requirements
                  pip:
                    name: "{{ item }}"
                    virtualenv: "{{ venv }}"
                  loop: [torch, fastapi]
                  loop_control:
                    label: "{{ item }}"
                    index_var: idx
                - name: Render config
                  template: src=config.yml.j2 dest=/etc/ml/config.yml mode=0644
                  notify: restart model server
                - name: Download weights
                  ansible.builtin.command: ./fetch.sh {{ model_version }} creates=/opt/ml/weights/{{ model_version }}
                  args:
                    chdir: /opt/ml
                  environment:
                    HF_HOME: /opt/ml/hf
                  tags: weights, download
                - name: Smoke test
                  block:
                    - uri: url=http://localhost:8080/health
                      register: health
                      until: health.status == 200
                      retries: 5
                      delay: 2
                  rescue:
                    - debug: msg="health check failed"
                    - fail:
                        msg: rollback
                  always:
                    - local_action: command echo done
                  when: run_smoke | default(true)
                  become: false
                - name: Old-style loop
                  debug: var=item
                  with_dict: "{{ users }}"
              handlers:
                - name: restart model server
                  systemd: name=model state=restarted
                  listen: [restart ml, "restart model server"]
                - name: reload nginx
                  service: name=nginx state=reloaded
                  listen: restart ml
            """;

    @Test
    void realisticMlopsPlaybook() throws IOException {
        Playbook pb = parse(MLOPS);
        assertEquals(1, pb.plays().size());
        Play play = pb.plays().get(0);
        assertEquals("Deploy model server", play.name());
        assertEquals(List.of("ml_servers", "gpu"), play.hosts());
        assertEquals(at(1, 3), play.location());
        assertEquals(false, play.gatherFacts());
        assertEquals(List.of(1, "50%"), play.serial());
        assertEquals(Map.of("venv", "/opt/ml/venv", "model_version", "1.4.2"), play.vars());
        assertEquals(List.of("vars/common.yml", List.of("vars/site.yml", "vars/default.yml")), play.varsFiles());
        assertEquals(true, play.keywords().get("become"));
        assertEquals(Map.of("PIP_NO_CACHE_DIR", "1"), play.keywords().get("environment"));

        Task check = (Task) play.preTasks().get(0);
        assertEquals("command", check.action());
        assertEquals(Map.of(Task.RAW_PARAMS, "python3 --version"), check.args());
        assertEquals("py", check.register());
        assertEquals(List.of(false), check.changedWhen());
        assertNull(check.failedWhen());

        assertEquals(5, play.tasks().size());
        Task pip = (Task) play.tasks().get(0);
        assertEquals("pip", pip.action());
        assertEquals(Map.of("name", "{{ item }}", "virtualenv", "{{ venv }}"), pip.args());
        assertNull(pip.loop().lookup());
        assertEquals(List.of("torch", "fastapi"), pip.loop().items());
        assertEquals(new LoopControl("item", "idx", "{{ item }}", null, false), pip.loop().control());
        assertEquals(at(20, 7), pip.location());

        Task template = (Task) play.tasks().get(1);
        // free-form values stay strings: mode=0644 is not the YAML octal int
        assertEquals(Map.of("src", "config.yml.j2", "dest", "/etc/ml/config.yml", "mode", "0644"), template.args());
        assertEquals(List.of("restart model server"), template.notifies());

        Task weights = (Task) play.tasks().get(2);
        assertEquals("ansible.builtin.command", weights.action());
        assertEquals(Map.of(Task.RAW_PARAMS, "./fetch.sh {{ model_version }}",
                "creates", "/opt/ml/weights/{{ model_version }}", "chdir", "/opt/ml"), weights.args());
        assertEquals(Map.of("HF_HOME", "/opt/ml/hf"), weights.keywords().get("environment"));
        assertEquals(List.of("weights", "download"), weights.tags());

        Block smoke = (Block) play.tasks().get(3);
        assertEquals("Smoke test", smoke.name());
        assertEquals(List.of("run_smoke | default(true)"), smoke.when());
        assertEquals(false, smoke.keywords().get("become"));
        Task health = (Task) smoke.block().get(0);
        assertEquals("uri", health.action());
        assertEquals("health.status == 200", health.keywords().get("until"));
        assertEquals(5, health.keywords().get("retries"));
        assertEquals(2, smoke.rescue().size());
        assertEquals(Map.of("msg", "health check failed"), ((Task) smoke.rescue().get(0)).args());
        Task done = (Task) smoke.always().get(0);
        assertEquals("command", done.action());
        assertEquals(Map.of(Task.RAW_PARAMS, "echo done"), done.args());
        assertEquals("localhost", done.keywords().get("delegate_to"));

        Task dict = (Task) play.tasks().get(4);
        assertEquals("dict", dict.loop().lookup());
        assertEquals("{{ users }}", dict.loop().items());

        assertEquals(2, play.handlers().size());
        assertEquals(List.of("restart ml", "restart model server"), play.handlers().get(0).listen());
        assertEquals(List.of("restart ml"), play.handlers().get(1).listen());
        assertEquals(Map.of("name", "nginx", "state", "reloaded"), play.handlers().get(1).args());

        List<String> all = PlaybookParser.allTasks(play).stream().map(Task::displayName).toList();
        assertEquals(List.of("Check python", "Install requirements", "Render config", "Download weights", "uri",
                "debug", "fail", "command", "Old-style loop", "restart model server", "reload nginx"), all);
        assertTrue(warnings.isEmpty());
    }

    // ---- playbook structure ----------------------------------------------------------------------------------

    @Test
    void missingPlaybookIsARuntimeError() {
        DroverException e = assertThrows(DroverException.class,
                () -> new PlaybookParser(warnings::add).parse(Path.of("missing.yml")));
        assertEquals(DroverException.Kind.RUNTIME, e.kind());
        assertEquals("the playbook: missing.yml could not be found", e.getMessage());
    }

    @Test
    void topLevelMustBeANonEmptyListOfPlays() throws IOException {
        DroverException e = error("hosts: all\n");
        assertTrue(e.getMessage().startsWith("A playbook must be a list of plays, got a <class 'dict'> instead: "));
        assertEquals(DroverException.Kind.PARSE, e.kind());
        assertEquals(at(1, 1), e.location());
        assertTrue(error("[]\n").getMessage().startsWith("A playbook must contain at least one play: "));
        assertTrue(error("").getMessage().startsWith("Empty playbook, nothing to do: "));
        assertEquals("playbook entries must be either valid plays or 'import_playbook' statements",
                error("- foo\n").getMessage());
    }

    @Test
    void yamlSyntaxErrorsAreParseErrors() throws IOException {
        DroverException e = error("- hosts: all\n  tasks:\n    - debug:\n        msg: \"unclosed\n");
        assertEquals(DroverException.Kind.PARSE, e.kind());
        assertTrue(e.getMessage().startsWith("Syntax Error while loading YAML."));
    }

    // ---- plays ------------------------------------------------------------------------------------------------

    @Test
    void hostsIsRequiredAndValidated() throws IOException {
        assertEquals("the field 'hosts' is required but was not set",
                error("- name: x\n  tasks:\n    - debug: msg=hi\n").getMessage());
        assertEquals("Hosts list cannot be empty. Please check your playbook", error("- hosts:\n").getMessage());
        assertEquals("Hosts list must be a sequence or string. Please check your playbook.",
                error("- hosts: 3\n").getMessage());
        assertEquals("Hosts list contains an invalid host value: '3'", error("- hosts: [a, 3]\n").getMessage());
        assertEquals(List.of("web:&prod"), parse("- hosts: web:&prod\n").plays().get(0).hosts());
    }

    @Test
    void unknownPlayKeyword() throws IOException {
        DroverException e = error("- hosts: all\n  bogus: 1\n  tasks: []\n");
        assertEquals("'bogus' is not a valid attribute for a Play", e.getMessage());
        assertEquals(at(1, 3), e.location());
        assertEquals("'delegate_to' is not a valid attribute for a Play",
                error("- hosts: all\n  delegate_to: x\n").getMessage());
    }

    @Test
    void playKeywordsAndDefaults() throws IOException {
        Play play = parse("""
                - hosts: all
                  user: deploy
                  strategy: free
                  order: sorted
                  max_fail_percentage: 30
                  force_handlers: yes
                  any_errors_fatal: true
                  tags: [setup, 7]
                  gather_subset: [min]
                  serial: 2
                  vars_prompt:
                    - name: release
                      prompt: Which release?
                      private: no
                  vars:
                    - a: 1
                    - a: 2
                      b: 3
                  roles: []
                """).plays().get(0);
        assertNull(play.name());
        assertEquals("all", play.displayName());
        assertEquals("deploy", play.keywords().get("remote_user"));
        assertEquals("free", play.strategy());
        assertEquals("sorted", play.keywords().get("order"));
        assertEquals(30, play.maxFailPercentage());
        assertTrue(play.forceHandlers());
        assertEquals(true, play.keywords().get("any_errors_fatal"));
        assertEquals(List.of("setup", "7"), play.tags());
        assertEquals(List.of("min"), play.keywords().get("gather_subset"));
        assertEquals(List.of(2), play.serial());
        assertEquals(List.of(Map.of("name", "release", "prompt", "Which release?", "private", false)),
                play.keywords().get("vars_prompt"));
        assertEquals(Map.of("a", 2, "b", 3), play.vars());
        assertNull(play.gatherFacts());
        assertTrue(play.tasks().isEmpty());

        Play defaults = parse("- hosts: all\n").plays().get(0);
        assertEquals("linear", defaults.strategy());
        assertFalse(defaults.forceHandlers());
        assertTrue(defaults.serial().isEmpty());
    }

    @Test
    void badVarsAndVarsPrompt() throws IOException {
        DroverException e = error("- hosts: all\n  vars: [a]\n");
        assertEquals("Vars in a Play must be specified as a dictionary, or a list of dictionaries", e.getMessage());
        assertEquals(at(2, 9), e.location());
        assertEquals("Invalid variable name in vars specified for Play: 'a-b' is not a valid variable name",
                error("- hosts: all\n  vars: {a-b: 1}\n").getMessage());
        assertEquals("Invalid vars_prompt data structure, found unsupported key 'bogus'",
                error("- hosts: all\n  vars_prompt:\n    - name: x\n      bogus: 1\n").getMessage());
        assertEquals("Invalid vars_prompt data structure, missing 'name' key",
                error("- hosts: all\n  vars_prompt:\n    - prompt: x\n").getMessage());
    }

    @Test
    void missingRoleNamesTheSearchPath() throws IOException {
        DroverException e = error("- hosts: all\n  roles:\n    - common\n");
        assertEquals(DroverException.Kind.PARSE, e.kind());
        assertTrue(e.getMessage().startsWith("the role 'common' was not found in "), e.getMessage());
        assertTrue(e.getMessage().contains("/roles"), e.getMessage());
        assertEquals(at(3, 5), e.location());
    }

    @Test
    void rolesDependenciesHandlersAndImportsBecomeBlocks() throws IOException {
        write("roles/base/tasks/main.yml", "- name: base task\n  debug: msg=base\n");
        write("roles/base/defaults/main.yml", "port: 80\n");
        write("roles/web/meta/main.yml", "dependencies:\n  - base\n");
        write("roles/web/tasks/main.yml", "- import_tasks: more.yml\n  when: go\n");
        write("roles/web/tasks/more.yml", "- name: more\n  debug: msg=more\n");
        write("roles/web/vars/main.yml", "answer: 42\n");
        write("roles/web/handlers/main.yml", "- name: restart\n  debug: msg=r\n");
        Playbook pb = parse("- hosts: all\n  roles:\n    - web\n    - role: web\n      http_port: 8080\n    - base\n"
                + "  handlers:\n    - name: play handler\n      debug: msg=p\n");
        List<TaskNode> tasks = pb.plays().get(0).tasks();
        // base (dependency of web), web, web with other params (its dependency base already ran), base again skipped
        assertEquals(3, tasks.size());
        Block base = (Block) tasks.get(0);
        assertEquals("base", base.role().name());
        assertEquals(Map.of("port", 80), base.role().defaults());
        Block web = (Block) tasks.get(1);
        assertEquals("web", web.role().name());
        assertEquals(Map.of("answer", 42), web.role().vars());
        Block imported = (Block) web.block().get(0);
        assertEquals(List.of("go"), imported.when());
        assertEquals("more", ((Task) imported.block().get(0)).name());
        assertEquals(Map.of("http_port", 8080), ((Block) tasks.get(2)).role().params());
        List<Task> handlers = pb.plays().get(0).handlers();
        assertEquals("web : restart", handlers.get(0).name());
        assertEquals(List.of("restart"), handlers.get(0).listen());
        assertEquals("play handler", handlers.get(1).name());
    }

    @Test
    void malformedTaskSections() throws IOException {
        assertEquals("A malformed block was encountered while loading tasks: foo should be a list or None but is "
                + "<class 'str'>", error("- hosts: all\n  tasks: foo\n").getMessage());
        assertTrue(error("- hosts: all\n  tasks:\n    - foo\n").getMessage()
                .startsWith("A malformed block was encountered while loading tasks"));
    }

    // ---- tasks ------------------------------------------------------------------------------------------------

    @Test
    void conflictingActions() throws IOException {
        DroverException e = error("- hosts: all\n  tasks:\n    - name: t\n      debug: msg=hi\n      command: echo\n");
        assertEquals("conflicting action statements: debug, command", e.getMessage());
        assertEquals(at(3, 7), e.location());
        assertEquals(DroverException.Kind.PARSE, e.kind());
        // a misspelt keyword is taken for a second module, as in Ansible
        assertEquals("conflicting action statements: debug, regster",
                error("- hosts: all\n  tasks:\n    - debug: msg=1\n      regster: x\n").getMessage());
        assertEquals("conflicting action statements: debug, debug",
                error("- hosts: all\n  tasks:\n    - action: debug msg=1\n      debug: msg=2\n").getMessage());
        assertEquals("action and local_action are mutually exclusive",
                error("- hosts: all\n  tasks:\n    - action: debug msg=1\n      local_action: debug msg=2\n")
                        .getMessage());
    }

    @Test
    void noAction() throws IOException {
        DroverException e = error("- hosts: all\n  tasks:\n    - name: t\n      when: true\n");
        assertEquals("no module/action detected in task.", e.getMessage());
        assertEquals(at(3, 7), e.location());
    }

    @Test
    void actionValueOfWrongType() throws IOException {
        DroverException e = error("- hosts: all\n  tasks:\n    - command: true\n");
        assertEquals("unexpected parameter type in action: <class 'bool'>", e.getMessage());
        assertEquals(at(3, 7), e.location());
        assertEquals("unexpected parameter type in action: <class 'int'>",
                error("- hosts: all\n  tasks:\n    - bogus: 1\n      name: x\n").getMessage());
    }

    @Test
    void extraParamsOnlyForRawParamModules() throws IOException {
        DroverException e = error("- hosts: all\n  tasks:\n    - copy: src=a dest=b hello\n");
        assertTrue(e.getMessage().startsWith("this task 'copy' has extra params, which is only allowed in the "
                + "following modules: "), e.getMessage());
        assertTrue(e.getMessage().contains("ansible.builtin.command"));
        // a templated free-form string is a mapping that only exists at run time
        assertEquals(Map.of(ActionParser.VARIABLE_PARAMS, "{{ dbg }}"), onlyTask("- debug: \"{{ dbg }}\"").args());
        assertEquals(Map.of("a", "1", Task.RAW_PARAMS, "free"), onlyTask("- set_fact: a=1 free").args());
        assertEquals(Map.of(Task.RAW_PARAMS, "flush_handlers"), onlyTask("- meta: flush_handlers").args());
    }

    @Test
    void freeFormCommandArgs() throws IOException {
        assertEquals(Map.of(Task.RAW_PARAMS, "echo hi", "chdir", "/x"), onlyTask("- command: echo hi chdir=/x").args());
        // k=v words that are not command options stay part of the command line
        assertEquals(Map.of(Task.RAW_PARAMS, "echo a=b"), onlyTask("- shell: echo a=b").args());
        // args: is merged under the inline arguments, inline wins
        Task t = onlyTask("- command: pwd chdir=/\n  args:\n    chdir: /tmp\n    creates: /x");
        assertEquals(Map.of("chdir", "/", "creates", "/x", Task.RAW_PARAMS, "pwd"), t.args());
        // legacy cmd: means the command text
        assertEquals(Map.of(Task.RAW_PARAMS, "echo x"), onlyTask("- command:\n    cmd: echo x").args());
        assertEquals("The 'cmd' argument cannot be used when other raw parameters are specified. Please put "
                + "everything in one or the other place.",
                error("- hosts: all\n  tasks:\n    - command: echo a\n      args: {cmd: echo b}\n").getMessage());
    }

    @Test
    void legacyActionForms() throws IOException {
        Task copy = onlyTask("- action: copy src=a dest=b");
        assertEquals("copy", copy.action());
        assertEquals(Map.of("src", "a", "dest", "b"), copy.args());
        assertFalse(copy.keywords().has("delegate_to"));

        Task dict = onlyTask("- action:\n    module: debug msg=hello\n    verbosity: 1");
        assertEquals("debug", dict.action());
        assertEquals(Map.of("msg", "hello", "verbosity", 1), dict.args());

        Task local = onlyTask("- local_action: shell echo {{ x }} > /tmp/f chdir=/");
        assertEquals("shell", local.action());
        assertEquals(Map.of(Task.RAW_PARAMS, "echo {{ x }} > /tmp/f", "chdir", "/"), local.args());
        assertEquals("localhost", local.keywords().get("delegate_to"));

        Task ping = onlyTask("- ansible.builtin.ping:");
        assertEquals("ansible.builtin.ping", ping.action());
        assertTrue(ping.args().isEmpty());
        assertEquals("ansible.builtin.ping", ping.displayName());
    }

    @Test
    void badArgsKeyword() throws IOException {
        assertEquals("Complex args must be a dictionary or variable string (\"{{var}}\").",
                error("- hosts: all\n  tasks:\n    - debug:\n      args: [1]\n").getMessage());
        assertEquals("Complex args containing variables cannot use bare variables (without Jinja2 delimiters), and "
                + "must use the full variable style ('{{var_name}}')",
                error("- hosts: all\n  tasks:\n    - debug:\n      args: myargs\n").getMessage());
        assertEquals(Map.of(ActionParser.VARIABLE_PARAMS, "{{ myargs }}"),
                onlyTask("- debug:\n  args: \"{{ myargs }}\"").args());
    }

    @Test
    void conditionsNotifyTagsAndVars() throws IOException {
        Task t = onlyTask("""
                - name: conditions
                  debug: msg=x
                  when:
                    - a is defined
                    - b | bool
                  failed_when: rc != 0
                  notify: [h1, h2]
                  tags: [a, 3]
                  vars: {x: 1}
                  ignore_errors: yes
                  no_log: true
                  async: 60
                  poll: 0
                """);
        assertEquals(List.of("a is defined", "b | bool"), t.when());
        assertEquals(List.of("rc != 0"), t.failedWhen());
        assertNull(t.changedWhen());
        assertEquals(List.of("h1", "h2"), t.notifies());
        assertEquals(List.of("a", "3"), t.tags());
        assertEquals(Map.of("x", 1), t.vars());
        assertEquals(true, t.keywords().get("ignore_errors"));
        assertEquals(true, t.keywords().get("no_log"));
        assertEquals(60, t.keywords().get("async"));
        assertEquals(0, t.keywords().get("poll"));
        assertNull(t.loop());

        Task single = onlyTask("- debug: msg=x\n  when: false\n  notify: h\n  tags: 'a, b'");
        assertEquals(List.of(false), single.when());
        assertEquals(List.of("h"), single.notifies());
        assertEquals(List.of("a", "b"), single.tags());
        assertEquals("tags must be specified as a list",
                error("- hosts: all\n  tasks:\n    - debug: msg=x\n      tags: {a: 1}\n").getMessage());
    }

    @Test
    void registerMustBeAnIdentifier() throws IOException {
        assertEquals("Invalid variable name in 'register' specified: 'a-b'",
                error("- hosts: all\n  tasks:\n    - debug: msg=1\n      register: a-b\n").getMessage());
        assertEquals("Invalid variable name in 'register' specified: 'class'",
                error("- hosts: all\n  tasks:\n    - debug: msg=1\n      register: class\n").getMessage());
    }

    @Test
    void loops() throws IOException {
        Task items = onlyTask("- debug: var=item\n  with_items:\n    - [1, 2]\n    - 3\n  loop_control:\n"
                + "    loop_var: pkg\n    pause: 1\n    extended: yes");
        assertEquals("items", items.loop().lookup());
        assertEquals(List.of(List.of(1, 2), 3), items.loop().items());
        assertEquals(new LoopControl("pkg", null, null, 1, true), items.loop().control());

        Task seq = onlyTask("- debug: var=item\n  with_sequence: start=1 end=3");
        assertEquals(new Loop("sequence", "start=1 end=3", LoopControl.DEFAULT), seq.loop());

        DroverException dup = error("- hosts: all\n  tasks:\n    - debug: msg=1\n      loop: [1]\n      with_items: [2]\n");
        assertEquals("duplicate loop in task: items", dup.getMessage());
        assertEquals(DroverException.Kind.RUNTIME, dup.kind());
        assertEquals("you must specify a value when using with_items",
                error("- hosts: all\n  tasks:\n    - debug: msg=1\n      with_items:\n").getMessage());

        DroverException lc = error("- hosts: all\n  tasks:\n    - debug: msg=1\n      loop: [1]\n"
                + "      loop_control: {bogus: 1}\n");
        assertEquals("'bogus' is not a valid attribute for a LoopControl", lc.getMessage());
        assertEquals(at(5, 21), lc.location());
        assertTrue(error("- hosts: all\n  tasks:\n    - debug: msg=1\n      loop: [1]\n      loop_control: 3\n")
                .getMessage().startsWith("the `loop_control` value must be specified as a dictionary"));
        assertEquals("You cannot use loops on 'import_tasks' statements. You should use 'include_tasks' instead.",
                error("- hosts: all\n  tasks:\n    - import_tasks: t.yml\n      loop: [1]\n").getMessage());
    }

    @Test
    void invalidTaskAttributes() throws IOException {
        assertEquals("'listen' is not a valid attribute for a Task",
                error("- hosts: all\n  tasks:\n    - debug: msg=1\n      listen: foo\n").getMessage());
        assertEquals("'static' is not a valid attribute for a Task",
                error("- hosts: all\n  tasks:\n    - debug: msg=1\n      static: yes\n").getMessage());
    }

    // ---- blocks and handlers ----------------------------------------------------------------------------------

    @Test
    void nestedBlocks() throws IOException {
        Block outer = (Block) parse("""
                - hosts: all
                  tasks:
                    - block:
                        - block:
                            - command: /bin/false
                          rescue:
                            - debug: msg=inner
                          vars: {v: 1}
                          tags: inner
                      always:
                        - debug: msg=always
                      become: true
                      become_user: ml
                      environment: {A: b}
                      ignore_errors: true
                """).plays().get(0).tasks().get(0);
        assertNull(outer.name());
        assertTrue(outer.rescue().isEmpty());
        assertEquals(1, outer.always().size());
        assertEquals(Map.of("become", true, "become_user", "ml", "environment", Map.of("A", "b"),
                "ignore_errors", true), outer.keywords().values());
        Block inner = (Block) outer.block().get(0);
        assertEquals(Map.of("v", 1), inner.vars());
        assertEquals(List.of("inner"), inner.tags());
        assertEquals("debug", ((Task) inner.rescue().get(0)).action());
        assertEquals(at(4, 11), inner.location());
    }

    @Test
    void unknownBlockKeyword() throws IOException {
        DroverException e = error("- hosts: all\n  tasks:\n    - block:\n        - debug: msg=1\n      bogus: 2\n");
        assertEquals("'bogus' is not a valid attribute for a Block", e.getMessage());
        assertEquals(at(3, 7), e.location());
        assertEquals("'rescue' keyword cannot be used without 'block'",
                error("- hosts: all\n  tasks:\n    - rescue:\n        - debug: msg=1\n").getMessage());
    }

    @Test
    void handlerBlocksAreFlattened() throws IOException {
        List<Task> handlers = parse("""
                - hosts: all
                  handlers:
                    - block:
                        - name: h
                          debug: msg=x
                          when: b
                      when: a
                      become: true
                """).plays().get(0).handlers();
        assertEquals(1, handlers.size());
        assertEquals(List.of("a", "b"), handlers.get(0).when());
        assertEquals(true, handlers.get(0).keywords().get("become"));
    }

    // ---- several problems at once -----------------------------------------------------------------------------

    @Test
    void collectsSeveralProblems() throws IOException {
        DroverException e = error("""
                - hosts: all
                  tasks:
                    - debug: msg=1
                      command: x
                    - name: fine
                      debug: msg=ok
                    - name: no action
                - hosts: all
                  bogus: true
                """);
        assertEquals(3, e.problems().size());
        assertEquals("conflicting action statements: debug, command", e.problems().get(0).getMessage());
        assertEquals("no module/action detected in task.", e.problems().get(1).getMessage());
        assertEquals(at(7, 7), e.problems().get(1).location());
        assertEquals("'bogus' is not a valid attribute for a Play", e.problems().get(2).getMessage());
    }

    @Test
    void describeShowsTheOffendingLineLikeAnsible() throws IOException {
        DroverException e = error("- hosts: all\n  tasks:\n    - block:\n        - debug: msg=1\n      bogus: 2\n");
        assertEquals("""
                'bogus' is not a valid attribute for a Block

                The error appears to be in '%s': line 3, column 7, but may
                be elsewhere in the file depending on the exact syntax problem.

                The offending line appears to be:

                  tasks:
                    - block:
                      ^ here""".formatted(dir.resolve("site.yml")), e.describe());
    }

    // ---- import_playbook --------------------------------------------------------------------------------------

    @Test
    void importPlaybookInlinesPlaysWithVarsWhenAndTags() throws IOException {
        write("sub/other.yml", """
                - name: imported
                  hosts: db
                  vars: {a: 1, b: 1}
                  tags: [x]
                  tasks:
                    - debug: msg=one
                      when: inner
                    - block:
                        - debug: msg=two
                  handlers:
                    - name: h
                      debug: msg=h
                """);
        Playbook pb = parse("""
                - hosts: web
                  tasks: []
                - import_playbook: sub/other.yml
                  vars: {b: 2}
                  when: deploy_db | bool
                  tags: [y]
                - hosts: cache
                """);
        assertEquals(List.of("web", "db", "cache"), pb.plays().stream().map(Play::hostsPattern).toList());
        Play imported = pb.plays().get(1);
        assertEquals(Map.of("a", 1, "b", 2), imported.vars());
        assertEquals(List.of("x", "y"), imported.tags());
        assertEquals(List.of("deploy_db | bool", "inner"), ((Task) imported.tasks().get(0)).when());
        assertEquals(List.of("deploy_db | bool"), ((Block) imported.tasks().get(1)).when());
        assertEquals(List.of("deploy_db | bool"), imported.keywords().get(KeywordNames.IMPORT_WHEN));
        assertTrue(imported.handlers().get(0).when().isEmpty());
        assertEquals(dir.resolve("sub/other.yml").toString(), imported.location().file());
    }

    @Test
    void importPlaybookErrors() throws IOException {
        DroverException missing = error("- import_playbook: nope.yml\n");
        assertEquals(DroverException.Kind.RUNTIME, missing.kind());
        assertTrue(missing.getMessage().contains("Could not find or access '" + dir.resolve("nope.yml") + "'"));

        write("loop.yml", "- import_playbook: site.yml\n");
        assertTrue(error("- import_playbook: loop.yml\n").getMessage().startsWith("import_playbook loop: "));

        assertEquals("vars for import_playbook statements must be specified as a dictionary",
                error("- import_playbook: loop.yml\n  vars: [1]\n").getMessage());

        write("broken.yml", "- hosts: all\n  tasks:\n    - name: nothing\n");
        DroverException nested = error("- import_playbook: broken.yml\n");
        assertEquals("no module/action detected in task.", nested.getMessage());
        assertEquals(new SourceLocation(dir.resolve("broken.yml").toString(), 3, 7), nested.location());
    }
}
