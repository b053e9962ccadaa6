// The plotly.js the site serves: its core (which always carries the scatter trace) plus the
// bar trace. These are the only trace types the figure builders in dashboards/ emit; the
// test tests/test_plotly_bundle.py fails if a builder starts emitting another one.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/bar')]);

module.exports = Plotly;
