"""`escucha report agent|team`: self-contained HTML evidence reports with inline SVG charts."""
