# cmake -DINPUT=file -DOUTPUT=file.inc -P EmbedFile.cmake: INPUT's bytes as a comma-separated list
# of character literals ending in 0, to #include inside an array initialiser.
file(READ ${INPUT} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUTPUT} "${bytes}0x00\n")
