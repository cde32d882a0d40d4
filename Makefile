# The course's commands. Each target sets up what it needs in .venv first.
#   make course   set up and open the course in JupyterLab (LAB_ARGS=--no-browser ...)
#   make test     ruff, then every test: unit, widget, notebooks, book build, browser
#   make book     build the book site into book/_build/html
#   make bench    run the benchmarks under bench/ and print their figures
#   make bundle   the offline course for a room with no network: dist/journey-lessons-course(.zip)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LAB_ARGS ?=
# JupyterLab refuses to run as root unless told; containers and CI machines often are root.
ROOT_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)
# Two workers, a test file each at a time: the browser, kernel and Spark tests wait on
# other processes much of the time, so two files side by side use both cores.
PYTEST_ARGS ?= -n 2 --dist loadfile

# The widget manager and require.js, served by the book site itself (no CDN).
WIDGETS_JS := book/_extra/widgets
HTML_MANAGER := node_modules/@jupyter-widgets/html-manager/dist

.PHONY: course test book bench bundle widgets-js axe-js clean

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

# matplotlib builds its font cache on first import and says so on stderr; do it
# here, once, so that no notebook run or book build prints it.
WARM_FONTS := $(BIN)/python -c "import matplotlib.font_manager"

$(VENV)/.course: $(VENV)/.created pyproject.toml
	$(BIN)/pip install --quiet -e ".[course]"
	$(WARM_FONTS)
	touch $@

$(VENV)/.book: $(VENV)/.created pyproject.toml
	$(BIN)/pip install --quiet -e ".[book]"
	$(WARM_FONTS)
	touch $@

$(VENV)/.test: $(VENV)/.created pyproject.toml
	$(BIN)/pip install --quiet -e ".[test]"
	$(WARM_FONTS)
	touch $(VENV)/.course $(VENV)/.book $@

# Course defaults for JupyterLab in this venv: start the notebook's kernel without
# asking, never fetch news from the internet, and show RISE slides in reveal.js's
# white theme, whose fonts RISE serves itself (its default theme fetches web fonts),
# with a slide taller than the screen scrolling (a widget's Save button stays reachable).
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_OVERRIDES): lab/overrides.json $(VENV)/.created
	mkdir -p $(dir $@) && cp lab/overrides.json $@

# The course's kernels load journey_lessons._kernel: a cell run before the cell that
# sets its names says which cell to run first, instead of a NameError traceback.
# IPython reads this file from <venv>/etc/ipython, so it holds for this venv only.
KERNEL_CONFIG := $(VENV)/etc/ipython/ipython_kernel_config.json
$(KERNEL_CONFIG): lab/ipython_kernel_config.json $(VENV)/.created
	mkdir -p $(dir $@) && cp lab/ipython_kernel_config.json $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(WIDGETS_JS)/.copied: node_modules/.installed
	rm -rf $(WIDGETS_JS) && mkdir -p $(WIDGETS_JS)
	cp node_modules/requirejs/require.js $(WIDGETS_JS)/
	cp $(HTML_MANAGER)/embed-amd.js $(WIDGETS_JS)/
	# the fonts its bundled CSS refers to, found next to the script
	cp $(HTML_MANAGER)/*.woff* $(HTML_MANAGER)/*.ttf $(HTML_MANAGER)/*.eot $(HTML_MANAGER)/*.svg $(WIDGETS_JS)/
	touch $@

widgets-js: $(WIDGETS_JS)/.copied

# axe-core, for the accessibility check of the browser tests (tests/test_book_site.py
# injects it into the page from node_modules; the site never serves it).
AXE_JS := node_modules/axe-core/axe.min.js
$(AXE_JS): node_modules/.installed
	test -f $@ && touch $@

axe-js: $(AXE_JS)

course: $(VENV)/.course $(LAB_OVERRIDES) $(KERNEL_CONFIG)
	cd notebooks && ../$(BIN)/jupyter lab $(ROOT_ARGS) $(LAB_ARGS)

# The execution cache knows the notebooks, not the package they import: when the
# package has changed since the last build, run the notebooks again.
BOOK_STAMP := book/_build/.package-stamp
book: $(VENV)/.book widgets-js
	@if [ -f $(BOOK_STAMP) ] && [ -n "$$(find src -newer $(BOOK_STAMP) -type f | head -n 1)" ]; then \
	  echo "package changed since the last build: clearing the notebook cache"; \
	  rm -rf book/_build/.jupyter_cache; fi
	$(BIN)/jupyter-book build book -W -n --keep-going
	touch $(BOOK_STAMP)

test: $(VENV)/.test widgets-js axe-js $(LAB_OVERRIDES) $(KERNEL_CONFIG)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(VENV)/.test widgets-js
	@for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# notebooks, settings, install scripts and wheels for the common laptops (tools/bundle.py)
bundle: $(VENV)/.course
	$(BIN)/python tools/bundle.py --zip

clean:
	rm -rf book/_build $(WIDGETS_JS) test-artifacts dist
