# Reference for graphkit.analysis.brokerage: R's sna::brokerage on an adjacency matrix.
# Usage: Rscript sna_brokerage.R edges.csv classes.txt N out.json
args <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(sna))
edges <- read.csv(args[1])
cl <- readLines(args[2], encoding = "UTF-8")
n <- as.integer(args[3])
g <- matrix(0, n, n)
if (nrow(edges) > 0) g[cbind(edges$from, edges$to)] <- 1
b <- brokerage(g, cl)
num <- function(x) { x <- as.vector(x); ifelse(is.na(x), "NaN", ifelse(is.infinite(x), ifelse(x > 0, "Infinity", "-Infinity"), format(x, digits = 17))) }
mat <- function(x) paste0("[", paste(apply(x, 1, function(r) paste0("[", paste(num(r), collapse = ","), "]")), collapse = ","), "]")
vec <- function(x) paste0("[", paste(num(x), collapse = ","), "]")
json <- paste0("{",
  "\"raw_nli\":", mat(b$raw.nli), ",",
  "\"exp_nli\":", mat(b$exp.nli), ",",
  "\"sd_nli\":", mat(b$sd.nli), ",",
  "\"z_nli\":", mat(b$z.nli), ",",
  "\"raw_gli\":", vec(b$raw.gli), ",",
  "\"exp_gli\":", vec(b$exp.gli), ",",
  "\"sd_gli\":", vec(b$sd.gli), ",",
  "\"z_gli\":", vec(b$z.gli), "}")
writeLines(json, args[4])
